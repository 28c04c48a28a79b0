package dev.coherent.metrics;

/**
 * Calibration and spread of repeated imputations.
 *
 * <p>Pairs with {@link DrawSummary}, which produces the interval bounds scored here.
 */
public final class Intervals {

    private Intervals() {}

    /**
     * Share of true values inside their interval, bounds included.
     *
     * <p>Empirical coverage of a central interval should be close to its nominal level (e.g. 0.9);
     * use it to check that the sampler's uncertainty is calibrated (Gneiting and Raftery 2007,
     * "Strictly proper scoring rules, prediction, and estimation", JASA 102:359). Every cell counts
     * once; a NaN truth counts as outside.
     */
    public static double coverage(float[][] truth, float[][] lower, float[][] upper) {
        int d = Matrices.sameShape(truth, "truth", lower, "lower");
        Matrices.sameShape(truth, "truth", upper, "upper");
        long inside = 0;
        for (int i = 0; i < truth.length; i++) {
            for (int j = 0; j < d; j++) {
                float x = truth[i][j];
                if (x >= lower[i][j] && x <= upper[i][j]) {
                    inside++;
                }
            }
        }
        return (double) inside / ((long) truth.length * d);
    }

    /**
     * Output variance in percent: mean_{i,j} Var_r(x̂_rij) / mean_j Var_i(x_ij) × 100.
     *
     * <p>The paper's Table 1 parenthesised figure (reference-method §7; its code is not in the
     * reference repository, so this is the explicit definition given there). Both variances are
     * population variances (ddof = 0): across draws per cell on top, across samples per feature
     * below. Use it to report how much the draws vary relative to the real spread of the data; a
     * constant truth gives a division by zero (∞ or NaN).
     */
    public static double variancePct(float[][][] draws, float[][] truth) {
        Matrices.drawsShape(draws, truth);
        int n = draws.length;
        int s = truth.length;
        int d = truth[0].length;
        double[] cell = new double[n];
        double drawVar = 0;
        for (int i = 0; i < s; i++) {
            for (int j = 0; j < d; j++) {
                for (int r = 0; r < n; r++) {
                    cell[r] = draws[r][i][j];
                }
                drawVar += Moments.populationVariance(cell, n);
            }
        }
        double[] col = new double[s];
        double truthVar = 0;
        for (int j = 0; j < d; j++) {
            Matrices.column(truth, j, col);
            truthVar += Moments.populationVariance(col, s);
        }
        return (drawVar / ((double) s * d)) / (truthVar / d) * 100;
    }
}
