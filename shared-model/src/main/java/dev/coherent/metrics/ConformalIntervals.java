package dev.coherent.metrics;

import java.util.Arrays;

/**
 * Split-conformal calibration of central intervals: the one home of the formula.
 *
 * <p>A held-out value y whose draws have mean m and (population) standard deviation s scores
 * |y − m| / s. From the scores of n calibration patients (every feature of each, pooled), the
 * multiplier at level ℓ is the smallest score q whose empirical CDF reaches min(1, (n + 1)·ℓ / n);
 * the calibrated interval is m ± q·s. That is conformal risk control with the share of a patient's
 * features left outside as the loss (Angelopoulos et al., "Conformal Risk Control", ICLR 2024): when
 * calibration and new patients are exchangeable, the expected share of a new patient's features
 * inside the interval is at least ℓ, and at most ℓ + 2/(n + 1) for continuous scores. With one
 * feature it is the usual split-conformal quantile ⌈(n + 1)ℓ⌉ / n. Use it when the draws' spread is
 * right in shape but wrong in scale, which is what an under- or over-dispersed sampler gives.
 */
public final class ConformalIntervals {
    /** Central levels a calibration table holds; others are interpolated between these. */
    public static final double[] LEVELS = {
        0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 0.975,
        0.99
    };
    /** Scores are capped here, so that a zero spread stays a finite (JSON) number. */
    static final double MAX_SCORE = 1e6;

    private ConformalIntervals() {}

    /** The nonconformity score |truth − mean| / std of one held-out value, at most {@link #MAX_SCORE}. */
    public static double score(double truth, double mean, double std) {
        double s = Math.abs(truth - mean) / std;
        return Double.isNaN(s) ? 0 : Math.min(s, MAX_SCORE);
    }

    /**
     * Per level, the multiplier q: the smallest pooled score whose empirical CDF reaches
     * min(1, (n + 1)·level / n).
     *
     * @param scores every feature's score of the {@code patients} calibration patients, in any order
     */
    public static double[] multipliers(double[] scores, int patients, double[] levels) {
        if (patients < 1 || scores.length == 0) {
            throw new IllegalArgumentException("calibration needs at least one patient's scores");
        }
        double[] sorted = scores.clone();
        Arrays.sort(sorted);
        double[] out = new double[levels.length];
        for (int l = 0; l < levels.length; l++) {
            double wanted = Math.min(1, (patients + 1) * levels[l] / patients);
            // Smallest k with k / N ≥ wanted, guarded against rounding up past an exact k / N.
            int k = (int) Math.ceil(wanted * sorted.length - 1e-9);
            out[l] = sorted[Math.max(0, Math.min(sorted.length, k) - 1)];
        }
        return out;
    }

    /**
     * The multiplier at any level from a table at {@code levels} (ascending): linear between two
     * entries, from (0, 0) below the first; {@code NaN} above the last (the table cannot tell).
     */
    public static double multiplierAt(double[] levels, double[] multipliers, double level) {
        if (!(level > 0) || level > levels[levels.length - 1] + 1e-12) {
            return Double.NaN;
        }
        double x0 = 0;
        double y0 = 0;
        for (int l = 0; l < levels.length; l++) {
            if (Math.abs(level - levels[l]) < 1e-12) {
                return multipliers[l];
            }
            if (level < levels[l]) {
                return y0 + (multipliers[l] - y0) * (level - x0) / (levels[l] - x0);
            }
            x0 = levels[l];
            y0 = multipliers[l];
        }
        return Double.NaN;
    }

    /** Writes the calibrated interval mean ± q·std into {@code lower} and {@code upper}. */
    public static void bounds(float[] mean, float[] std, double q, float[] lower, float[] upper) {
        for (int j = 0; j < mean.length; j++) {
            lower[j] = (float) (mean[j] - q * std[j]);
            upper[j] = (float) (mean[j] + q * std[j]);
        }
    }
}
