package dev.coherent.metrics;

/**
 * Whether a candidate model's per-patient errors are significantly lower than a reference's: a
 * one-sided paired t-test of the differences at the 1% level ({@link #LEVEL}).
 *
 * <p>It keeps the simpler model unless the data show the other is better, in the spirit of the
 * one-standard-error rule (Hastie, Tibshirani and Friedman, "The Elements of Statistical
 * Learning", 2nd ed., §7.10): with few patients a richer model that only looks better by chance is
 * the commonest way to end up below the simpler one on new patients.
 */
public final class PairedTest {
    /** One-sided significance level. */
    public static final double LEVEL = 0.01;
    /** The standard normal's 99% quantile, z at {@link #LEVEL}. */
    private static final double Z = 2.3263478740408408;
    /** Fewer patients than this cannot show a gain. */
    public static final int MIN_PATIENTS = 4;

    private PairedTest() {}

    /**
     * Whether {@code candidate}'s errors are significantly lower than {@code reference}'s; both
     * hold the same patients' errors in the same order.
     */
    public static boolean significantlyLower(double[] reference, double[] candidate) {
        int n = reference.length;
        if (candidate.length != n) {
            throw new IllegalArgumentException("the models were scored on different patients");
        }
        if (n < MIN_PATIENTS) {
            return false;
        }
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += (reference[i] - candidate[i]) / n;
        }
        double var = 0;
        for (int i = 0; i < n; i++) {
            double d = reference[i] - candidate[i] - mean;
            var += d * d;
        }
        double standardError = Math.sqrt(var / (n - 1) / n);
        return mean > tQuantile(n - 1) * standardError;
    }

    /**
     * Student's t quantile at 1 − {@link #LEVEL} with {@code df} ≥ 3 degrees of freedom, by the
     * Cornish–Fisher expansion around the normal quantile (within 2.5% from 3 degrees of freedom,
     * 0.5% from 9).
     */
    static double tQuantile(int df) {
        double z3 = Z * Z * Z;
        double z5 = z3 * Z * Z;
        double z7 = z5 * Z * Z;
        return Z
                + (z3 + Z) / (4.0 * df)
                + (5 * z5 + 16 * z3 + 3 * Z) / (96.0 * df * df)
                + (3 * z7 + 19 * z5 + 17 * z3 - 15 * Z) / (384.0 * df * df * df);
    }
}
