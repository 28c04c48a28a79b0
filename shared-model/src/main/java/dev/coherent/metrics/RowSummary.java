package dev.coherent.metrics;

import java.util.Arrays;

/**
 * Per-feature summary of one patient's draws: mean, population standard deviation and a central interval.
 *
 * <p>The interval at level q spans the (1 − q)/2 and (1 + q)/2 quantiles of the draws with numpy's
 * default 'linear' interpolation (https://numpy.org/doc/stable/reference/generated/numpy.quantile.html),
 * so level 0.9 gives the 5% and 95% quantiles. Use it to show one patient's imputed modality with
 * its uncertainty; {@link DrawSummary} applies the same summary to every sample of a cohort.
 * Arrays are shared, not copied, and equality is by reference.
 *
 * @param mean mean over draws, per feature
 * @param std population standard deviation (ddof = 0) over draws, per feature
 * @param lower lower interval bound, per feature
 * @param upper upper interval bound, per feature
 */
public record RowSummary(float[] mean, float[] std, float[] lower, float[] upper) {

    /**
     * Summarizes draws of one patient indexed [draw][feature] at central interval {@code level} in [0, 1].
     */
    public static RowSummary of(float[][] drawsOfOnePatient, double level) {
        int d = Matrices.columns(drawsOfOnePatient, "drawsOfOnePatient");
        double[] q = quantileLevels(level);
        int n = drawsOfOnePatient.length;
        float[] mean = new float[d];
        float[] std = new float[d];
        float[] lower = new float[d];
        float[] upper = new float[d];
        double[] cell = new double[n];
        for (int j = 0; j < d; j++) {
            Matrices.column(drawsOfOnePatient, j, cell);
            double m = Moments.mean(cell, n);
            mean[j] = (float) m;
            std[j] = (float) Math.sqrt(Moments.populationVariance(cell, n, m));
            // One sort per feature serves both interval ends.
            Arrays.sort(cell);
            lower[j] = (float) Moments.quantileOfSorted(cell, n, q[0]);
            upper[j] = (float) Moments.quantileOfSorted(cell, n, q[1]);
        }
        return new RowSummary(mean, std, lower, upper);
    }

    /** Lower and upper quantile levels of a central interval, checking the level. */
    static double[] quantileLevels(double level) {
        if (!(level >= 0 && level <= 1)) {
            throw new IllegalArgumentException("interval level must lie in [0, 1]: " + level);
        }
        return new double[] {(1 - level) / 2, (1 + level) / 2};
    }
}
