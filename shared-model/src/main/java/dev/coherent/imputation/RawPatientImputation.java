package dev.coherent.imputation;

import java.util.Map;

/**
 * One patient's answer in raw (preprocessed) space.
 *
 * @param observed the modalities the patient provided, preprocessed, in model set order
 * @param imputed the imputed modalities, in model set order
 */
public record RawPatientImputation(String id, Map<String, RawObservedModality> observed,
        Map<String, RawImputedModality> imputed) {}
