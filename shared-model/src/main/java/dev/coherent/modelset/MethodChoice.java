package dev.coherent.modelset;

import java.util.Map;

/**
 * How {@code auto} chooses a method for one query from per-patient validation errors.
 *
 * <p>The best diffusion method (lowest mean error) replaces the linear model only when it is
 * significantly better: a one-sided paired t-test of the per-patient error differences at the 1%
 * level ({@link #LEVEL}). This prefers the simpler model unless the data show the other is better,
 * in the spirit of the one-standard-error rule (Hastie, Tibshirani and Friedman, "The Elements of
 * Statistical Learning", 2nd ed., §7.10). On small validation splits a diffusion model that only
 * looks better by chance is the commonest way to end up below the linear floor (measured in
 * docs/results/cohort-size.md: at 5% a model set of 500 patients took a diffusion method on one
 * of 28 rows and lost 0.033 R² there); with many patients a real gain clears the bar.
 */
public final class MethodChoice {
    /** One-sided significance level of the test a diffusion method must pass. */
    public static final double LEVEL = 0.01;
    /** The standard normal's 99% quantile, z at {@link #LEVEL}. */
    private static final double Z = 2.3263478740408408;
    /** Fewer validation patients than this cannot show a gain. */
    static final int MIN_PATIENTS = 4;

    private MethodChoice() {}

    /**
     * The method to use; {@code errors} holds, per available method, the same validation patients'
     * squared errors in the same order.
     */
    public static ImputationMethod choose(Map<ImputationMethod, double[]> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("no method to choose from");
        }
        ImputationMethod bestDiffusion = null;
        for (Map.Entry<ImputationMethod, double[]> e : errors.entrySet()) {
            if (e.getKey() != ImputationMethod.LINEAR
                    && (bestDiffusion == null || mean(e.getValue()) < mean(errors.get(bestDiffusion)))) {
                bestDiffusion = e.getKey();
            }
        }
        double[] linear = errors.get(ImputationMethod.LINEAR);
        if (linear == null) {
            return bestDiffusion;
        }
        if (bestDiffusion == null) {
            return ImputationMethod.LINEAR;
        }
        double[] other = errors.get(bestDiffusion);
        int n = linear.length;
        if (other.length != n) {
            throw new IllegalArgumentException("methods were scored on different patients");
        }
        if (n < MIN_PATIENTS) {
            return ImputationMethod.LINEAR;
        }
        double[] gain = new double[n];
        for (int i = 0; i < n; i++) {
            gain[i] = linear[i] - other[i];
        }
        double mean = mean(gain);
        double var = 0;
        for (double g : gain) {
            var += (g - mean) * (g - mean);
        }
        double standardError = Math.sqrt(var / (n - 1) / n);
        return mean > tQuantile(n - 1) * standardError ? bestDiffusion : ImputationMethod.LINEAR;
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

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return v.length == 0 ? Double.NaN : s / v.length;
    }
}
