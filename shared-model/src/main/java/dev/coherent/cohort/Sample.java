package dev.coherent.cohort;

import java.util.Map;

/**
 * One patient of a cohort.
 *
 * @param id sample identifier, unique within the cohort
 * @param cancerType stratum used by the split; {@code null} when the cohort has none
 * @param split the partition, {@code null} until a split is assigned
 * @param labels every other phenotype column (stage, survival, ...), as text; missing cells absent
 */
public record Sample(String id, String cancerType, Split split, Map<String, String> labels) {
    public Sample {
        labels = Map.copyOf(labels);
    }

    public Sample withSplit(Split newSplit) {
        return new Sample(id, cancerType, newSplit, labels);
    }
}
