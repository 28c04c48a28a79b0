package dev.coherent.imputation;

import java.util.Map;

/**
 * How unlike the training data a patient's provided modalities are ({@link OutOfDistributionScorer}).
 *
 * <p>Per provided modality a ratio on one scale: 1 is as unusual as the most unusual 1% of
 * held-out training patients who provide the same modalities. With several modalities it measures
 * how the modality disagrees with the others (its log-likelihood ratio against them, from the
 * median to the 99th percentile of held-out patients), or, when larger and beyond its own
 * threshold, how far the modality lies from the training patients by itself; with one modality,
 * that distance over its 99th percentile. The patient's score is the largest ratio; above {@link
 * #THRESHOLD} the patient is flagged. A scale error, a shift, an input from another encoder (a
 * rotation of the codes) or another cohort score far above 1 (docs/results/out-of-distribution.md).
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
