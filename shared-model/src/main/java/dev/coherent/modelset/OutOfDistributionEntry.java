package dev.coherent.modelset;

import java.util.List;

/**
 * The out-of-distribution threshold of patients who provide one set of modalities (two or more),
 * as the manifest lists it. Their statistic is the largest, over the provided modalities, of the
 * log-likelihood ratio log p(m) − log p(m | the others) under the set's factor model (its linear
 * models in sets trained before it): how much better a modality is explained as a vector unrelated
 * to the rest of the patient than as theirs. Measured on held-out training and validation patients
 * (each model fitted without them).
 *
 * @param modalities the provided modalities, in the set's order
 * @param patients the held-out patients measured
 * @param median their statistic's median
 * @param percentile99 its 99th percentile: the threshold
 */
public record OutOfDistributionEntry(List<String> modalities, int patients, double median, double percentile99) {
    public OutOfDistributionEntry {
        modalities = List.copyOf(modalities);
    }
}
