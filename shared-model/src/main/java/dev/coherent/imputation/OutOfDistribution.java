package dev.coherent.imputation;

import java.util.Map;

/**
 * How unlike the training data a patient's provided modalities are.
 *
 * <p>Per provided modality, its squared Mahalanobis distance per feature from the training
 * patients' mean under their shrunk covariance (the set's unconditional linear model of that
 * modality), divided by the 99th percentile of the same distance over held-out training patients:
 * 1 is as unusual as the most unusual 1% of real patients. The patient's score is the largest
 * of these ratios; above {@link #THRESHOLD} the patient is flagged. A scale error, a shift, an
 * input from another encoder (a rotation of the codes) or another cohort all break the covariance
 * structure real patients share and score far above 1 (docs/results/calibration.md).
 *
 * @param score the largest per-modality ratio
 * @param threshold the ratio above which a patient is flagged ({@link #THRESHOLD})
 * @param flagged whether {@code score > threshold}
 * @param modality the modality with the largest ratio
 * @param modalities the ratio of every provided modality
 */
public record OutOfDistribution(
        double score, double threshold, boolean flagged, String modality, Map<String, Double> modalities) {
    /** A patient beyond the 99th percentile of held-out training patients in some modality is flagged. */
    public static final double THRESHOLD = 1.0;
}
