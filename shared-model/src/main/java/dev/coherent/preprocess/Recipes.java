package dev.coherent.preprocess;

import java.util.Arrays;

/** The formulas of the preprocessing recipes, each in one place (reference-method.md §1). */
public final class Recipes {
    /** Counts per million. */
    public static final double PER_MILLION = 1e6;
    /** The clip of copy-number log ratios, ±2. */
    public static final double LOG_RATIO_CLIP = 2.0;

    private Recipes() {}

    /**
     * Counts per million of one sample: each count over the sum of the present counts, times 10⁶.
     * Missing cells stay missing; a sample whose counts sum to zero has no CPM (every cell missing).
     *
     * @throws IllegalArgumentException on a negative count, naming its position
     */
    public static double[] cpm(float[] counts) {
        double library = 0;
        for (int j = 0; j < counts.length; j++) {
            if (counts[j] < 0) {
                throw new IllegalArgumentException("negative count at feature " + j);
            }
            if (!Float.isNaN(counts[j])) {
                library += counts[j];
            }
        }
        double[] out = new double[counts.length];
        for (int j = 0; j < counts.length; j++) {
            out[j] = Float.isNaN(counts[j]) || library <= 0 ? Double.NaN : counts[j] / library * PER_MILLION;
        }
        return out;
    }

    /** log2(CPM + 1), the expression value the denoisers see. */
    public static float log2Cpm(double cpm) {
        return (float) (Math.log1p(cpm) / Math.log(2));
    }

    /**
     * Copy-number log ratio of an ABSOLUTE copy number: log2(x / 2) clipped to [−2, 2]; a copy
     * number of 0 (or less, or missing) is missing, as in the reference.
     */
    public static float logRatio(float copyNumber) {
        if (!(copyNumber > 0)) {
            return Float.NaN;
        }
        double v = Math.log(copyNumber / 2.0) / Math.log(2);
        return (float) Math.max(-LOG_RATIO_CLIP, Math.min(LOG_RATIO_CLIP, v));
    }

    /** Median of the non-missing values (numpy's {@code nanmedian}); {@code NaN} when there are none. */
    public static double nanMedian(double[] values) {
        double[] present =
                Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        int n = present.length;
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? present[n / 2] : (present[n / 2 - 1] + present[n / 2]) / 2;
    }
}
