package dev.coherent.metrics;

import java.util.Arrays;

/**
 * How well the draws describe the truth as a distribution, not only through their mean: the
 * coverage and mean width of central intervals at {@link #LEVELS}, the continuous ranked
 * probability score per feature and the energy score per modality vector.
 *
 * <p>Both scores are strictly proper (Gneiting and Raftery 2007, "Strictly proper scoring rules,
 * prediction, and estimation", JASA 102:359): lower is better, and only the true conditional
 * distribution minimizes them. From M draws x₁…x_M of a patient, CRPS = mean|x − y| − ½·mean|x − x'|
 * per feature (averaged over features and patients) and ES = mean‖x − y‖ − ½·mean‖x − x'‖ over the
 * whole vector (averaged over patients), the ensemble estimators with all M² pairs. Use them to
 * compare generative imputers whose means are alike; a deterministic imputer's CRPS is its mean
 * absolute error. Units are those of the draws (the model set's standardized space in evaluate).
 *
 * @param coverage per level of {@link #LEVELS}, the share of true values inside their interval
 * @param width per level, the mean interval width
 */
public record ProbabilisticScores(double[] coverage, double[] width, double crps, double energy) {
    /** Central interval levels scored. */
    public static final double[] LEVELS = {0.5, 0.8, 0.9, 0.95};

    /** Scores draws indexed [draw][sample][feature] against the truth [sample][feature]. */
    public static ProbabilisticScores of(float[][][] draws, float[][] truth) {
        Matrices.drawsShape(draws, truth);
        double[] coverage = new double[LEVELS.length];
        double[] width = new double[LEVELS.length];
        for (int l = 0; l < LEVELS.length; l++) {
            DrawSummary s = DrawSummary.of(draws, LEVELS[l]);
            coverage[l] = Intervals.coverage(truth, s.lower(), s.upper());
            width[l] = meanDifference(s.upper(), s.lower());
        }
        int m = draws.length;
        int n = truth.length;
        int d = truth.length == 0 ? 0 : truth[0].length;
        double crps = 0;
        double energy = 0;
        double[] column = new double[m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                for (int r = 0; r < m; r++) {
                    column[r] = draws[r][i][j];
                }
                crps += crpsOfOne(column, truth[i][j]);
            }
            energy += energyOfOne(draws, i, truth[i]);
        }
        return new ProbabilisticScores(coverage, width, crps / ((double) n * d), energy / n);
    }

    /**
     * These scores with, at each level whose multiplier q is a number, the coverage and width of the
     * calibrated interval mean ± q·std of the draws ({@link ConformalIntervals}) instead of the draws'
     * quantile interval; the proper scores do not depend on intervals and stay.
     *
     * @param multipliers per level of {@link #LEVELS}, q or {@code NaN}
     */
    public ProbabilisticScores withMultipliers(float[][][] draws, float[][] truth, double[] multipliers) {
        DrawSummary s = DrawSummary.of(draws, LEVELS[0]);
        double[] cov = coverage.clone();
        double[] wid = width.clone();
        for (int l = 0; l < LEVELS.length; l++) {
            if (Double.isNaN(multipliers[l])) {
                continue;
            }
            float[][] lower = new float[truth.length][];
            float[][] upper = new float[truth.length][];
            for (int i = 0; i < truth.length; i++) {
                lower[i] = new float[truth[i].length];
                upper[i] = new float[truth[i].length];
                ConformalIntervals.bounds(s.mean()[i], s.std()[i], multipliers[l], lower[i], upper[i]);
            }
            cov[l] = Intervals.coverage(truth, lower, upper);
            wid[l] = meanDifference(upper, lower);
        }
        return new ProbabilisticScores(cov, wid, crps, energy);
    }

    /** The coverage at {@code level}, which must be one of {@link #LEVELS}. */
    public double coverageAt(double level) {
        return coverage[index(level)];
    }

    /** The mean interval width at {@code level}, which must be one of {@link #LEVELS}. */
    public double widthAt(double level) {
        return width[index(level)];
    }

    private static int index(double level) {
        for (int l = 0; l < LEVELS.length; l++) {
            if (LEVELS[l] == level) {
                return l;
            }
        }
        throw new IllegalArgumentException("no scores at level " + level + "; levels are " + Arrays.toString(LEVELS));
    }

    /** CRPS of one feature's draws: mean|x − y| − ½ mean|x − x'|, the pair sum from the sorted draws. */
    static double crpsOfOne(double[] draws, double truth) {
        int m = draws.length;
        double[] sorted = draws.clone();
        Arrays.sort(sorted);
        double toTruth = 0;
        double pairs = 0;
        for (int k = 0; k < m; k++) {
            toTruth += Math.abs(sorted[k] - truth);
            // Σ_{a,b}|x_a − x_b| = 2 Σ_k (2k − m + 1) x_(k) over the sorted draws.
            pairs += 2.0 * (2 * k - m + 1) * sorted[k];
        }
        return toTruth / m - pairs / (2.0 * m * m);
    }

    private static double energyOfOne(float[][][] draws, int sample, float[] truth) {
        int m = draws.length;
        double toTruth = 0;
        double pairs = 0;
        for (int a = 0; a < m; a++) {
            toTruth += distance(draws[a][sample], truth);
            for (int b = a + 1; b < m; b++) {
                pairs += 2 * distance(draws[a][sample], draws[b][sample]);
            }
        }
        return toTruth / m - pairs / (2.0 * m * m);
    }

    private static double distance(float[] a, float[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            double v = a[j] - b[j];
            s += v * v;
        }
        return Math.sqrt(s);
    }

    private static double meanDifference(float[][] upper, float[][] lower) {
        double s = 0;
        long count = 0;
        for (int i = 0; i < upper.length; i++) {
            for (int j = 0; j < upper[i].length; j++) {
                s += upper[i][j] - lower[i][j];
                count++;
            }
        }
        return count == 0 ? Double.NaN : s / count;
    }
}
