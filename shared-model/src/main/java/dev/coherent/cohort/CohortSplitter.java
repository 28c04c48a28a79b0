package dev.coherent.cohort;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** Assigns train, validation and test splits to a cohort's patients. */
public final class CohortSplitter {
    /** Spreads the per-stratum seeds apart (the 64-bit golden ratio). */
    private static final long STRATUM_SALT = 0x9E3779B97F4A7C15L;

    private CohortSplitter() {}

    /** The cohort with its own splits, or with the paper split drawn with {@code seed} when it has none. */
    public static Cohort withSplits(Cohort cohort, long seed) {
        return cohort.hasSplits() ? cohort : cohort.withSplits(paperSplit(cohort, seed));
    }

    /**
     * The paper's split, stratified by cancer type; returns the split of each sample by index.
     *
     * <p>For each cancer type (in name order; patients without a type form one last stratum) of n
     * patients, the targets are {@code floor(0.05 n)} validation and {@code floor(0.15 n)} test
     * patients, drawn only from the complete patients (all modalities present) so that every
     * modality can be scored on them. The complete patients are shuffled with a {@link Random}
     * seeded from {@code seed} and the stratum's position, then the first go to validation and the
     * next to test. When a type has fewer complete patients c than both targets together, it gets
     * {@code floor(c * val / (val + test))} validation and the rest test patients.
     *
     * <p>Deviation from the reference implementation: every remaining patient goes to train, as the
     * paper describes, while the reference leaves a few unused.
     */
    public static Split[] paperSplit(Cohort cohort, long seed) {
        Map<String, List<Integer>> strata = new TreeMap<>(Comparator.nullsLast(Comparator.naturalOrder()));
        for (int i = 0; i < cohort.size(); i++) {
            strata.computeIfAbsent(cohort.sample(i).cancerType(), k -> new ArrayList<>())
                    .add(i);
        }
        Split[] splits = new Split[cohort.size()];
        Arrays.fill(splits, Split.TRAIN);
        long stratum = 0;
        for (List<Integer> members : strata.values()) {
            stratum++;
            int n = members.size();
            // Integer arithmetic: 0.15 * n in doubles can land just below a whole number.
            int valTarget = n * 5 / 100;
            int testTarget = n * 15 / 100;
            List<Integer> complete = new ArrayList<>();
            for (int i : members) {
                if (cohort.complete(i)) {
                    complete.add(i);
                }
            }
            int c = complete.size();
            int val = valTarget;
            int test = testTarget;
            if (c < valTarget + testTarget) {
                val = c * valTarget / (valTarget + testTarget);
                test = c - val;
            }
            Collections.shuffle(complete, new Random(seed ^ (STRATUM_SALT * stratum)));
            for (int k = 0; k < val + test; k++) {
                splits[complete.get(k)] = k < val ? Split.VAL : Split.TEST;
            }
        }
        return splits;
    }
}
