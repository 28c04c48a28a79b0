package dev.coherent.imputation;

import java.util.Map;

/**
 * One patient's answer in raw (preprocessed) space.
 *
 * @param observed the modalities the patient provided, preprocessed, in model set order
 * @param imputed the imputed modalities, in model set order
 * @param ood how unlike the training data the provided modalities are, judged on their codes
 *     ({@code null} when the model set cannot tell)
 */
public record RawPatientImputation(
        String id,
        Map<String, RawObservedModality> observed,
        Map<String, RawImputedModality> imputed,
        OutOfDistribution ood) {}
