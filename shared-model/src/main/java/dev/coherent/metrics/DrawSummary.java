package dev.coherent.metrics;

/**
 * Per-sample, per-feature summary of draws: mean, population standard deviation and a central interval.
 *
 * <p>Each sample is summarized exactly as {@link RowSummary} does for one patient (numpy 'linear'
 * quantiles, level 0.9 → 5% and 95%). Use it to turn the repeated imputations of a test set into a
 * point estimate plus uncertainty, e.g. for {@link Intervals#coverage}. Arrays are indexed
 * [sample][feature], shared rather than copied; equality is by reference.
 *
 * @param mean mean over draws
 * @param std population standard deviation (ddof = 0) over draws
 * @param lower lower interval bound
 * @param upper upper interval bound
 */
public record DrawSummary(float[][] mean, float[][] std, float[][] lower, float[][] upper) {

    /** Summarizes draws indexed [draw][sample][feature] at central interval {@code level} in [0, 1]. */
    public static DrawSummary of(float[][][] draws, double level) {
        Matrices.drawsShape(draws, null);
        RowSummary.quantileLevels(level);
        int s = draws[0].length;
        float[][] mean = new float[s][];
        float[][] std = new float[s][];
        float[][] lower = new float[s][];
        float[][] upper = new float[s][];
        float[][] rows = new float[draws.length][];
        for (int i = 0; i < s; i++) {
            // A [draw][feature] view of sample i; no values are copied.
            for (int r = 0; r < draws.length; r++) {
                rows[r] = draws[r][i];
            }
            RowSummary row = RowSummary.of(rows, level);
            mean[i] = row.mean();
            std[i] = row.std();
            lower[i] = row.lower();
            upper[i] = row.upper();
        }
        return new DrawSummary(mean, std, lower, upper);
    }

    /** Summarizes one patient's draws indexed [draw][feature]; same as {@link RowSummary#of}. */
    public static RowSummary ofRow(float[][] drawsOfOnePatient, double level) {
        return RowSummary.of(drawsOfOnePatient, level);
    }
}
