package dev.coherent.imputation;

import java.util.Map;

/**
 * The imputed modalities of one patient, by modality name (empty when nothing was missing), and
 * how unlike the training data its provided modalities are ({@code null} when the model set
 * cannot tell: sets trained before the out-of-distribution thresholds existed).
 */
public record PatientImputation(String id, Map<String, ImputedModality> imputed, OutOfDistribution ood) {}
