package dev.coherent.imputation;

import java.util.Map;

/** The imputed modalities of one patient, by modality name (empty when nothing was missing). */
public record PatientImputation(String id, Map<String, ImputedModality> imputed) {}
