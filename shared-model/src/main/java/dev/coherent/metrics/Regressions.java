package dev.coherent.metrics;

/**
 * Coefficient-of-determination (R²) variants used to score reconstructed modalities.
 *
 * <p>The reference code mixes definitions (reference-method §7): single/multi results use a
 * flattened R² with one scalar mean, coherent results a per-row R², and scikit-learn's
 * {@code r2_score} averages per-feature scores. Each variant is its own method so reports can name
 * exactly which one they quote. Matrices are indexed [sample][feature]; draws [draw][sample][feature].
 */
public final class Regressions {

    /** Added to each row's total sum of squares in {@link #r2PerRow}, exactly as the reference. */
    private static final double ROW_EPSILON = 1e-8;

    private Regressions() {}

    /**
     * Per-feature R² averaged over features, as scikit-learn's {@code r2_score} with uniform averaging.
     *
     * <p>Each feature scores 1 − SS_res/SS_tot around its own mean over samples; a constant true
     * feature scores 1.0 if predicted exactly and 0.0 otherwise (scikit-learn's {@code force_finite}).
     * See https://scikit-learn.org/stable/modules/generated/sklearn.metrics.r2_score.html. Use it when
     * every feature should weigh equally regardless of its spread; with fewer than two samples the
     * score is undefined and, like scikit-learn, NaN is returned.
     */
    public static double r2PerFeature(float[][] truth, float[][] pred) {
        int d = Matrices.sameShape(truth, "truth", pred, "pred");
        int n = truth.length;
        if (n < 2) {
            return Double.NaN;
        }
        double[] t = new double[n];
        double[] p = new double[n];
        double total = 0;
        for (int j = 0; j < d; j++) {
            Matrices.column(truth, j, t);
            Matrices.column(pred, j, p);
            double ssTot = Moments.squaredDeviations(t, n, Moments.mean(t, n));
            double ssRes = squaredError(t, p);
            if (ssTot != 0) {
                total += 1 - ssRes / ssTot;
            } else {
                // scikit-learn's convention for a constant truth: perfect only if the error is zero.
                total += ssRes == 0 ? 1.0 : 0.0;
            }
        }
        return total / d;
    }

    /**
     * Flattened R²: 1 − Σ(x − x̂)² / Σ(x − x̄)² over all entries, with x̄ the scalar mean of all entries.
     *
     * <p>This is the reference's {@code r_squared} in {@code test_model} (reference-method §7a) behind
     * the single and multi rows of Table 1; use it to compare against those numbers. Features with a
     * large spread dominate. A constant truth yields −∞ or NaN, as the reference's numpy code does.
     */
    public static double r2Flat(float[][] truth, float[][] pred) {
        Matrices.sameShape(truth, "truth", pred, "pred");
        double[] t = flattenAll(truth);
        double[] p = flattenAll(pred);
        double ssTot = Moments.squaredDeviations(t, t.length, Moments.mean(t, t.length));
        return 1 - squaredError(t, p) / ssTot;
    }

    /**
     * Per-row R² averaged over samples, with 1e-8 added to each row's total sum of squares.
     *
     * <p>This is the reference's {@code coherent_test_cos_rejection} score (reference-method §7b)
     * behind the coherent rows of Table 1; use it only to compare with those numbers, since it
     * rewards getting each patient's profile shape right rather than per-feature levels.
     */
    public static double r2PerRow(float[][] truth, float[][] pred) {
        int d = Matrices.sameShape(truth, "truth", pred, "pred");
        double[] t = new double[d];
        double[] p = new double[d];
        double total = 0;
        for (int i = 0; i < truth.length; i++) {
            for (int j = 0; j < d; j++) {
                t[j] = truth[i][j];
                p[j] = pred[i][j];
            }
            double ssTot = Moments.squaredDeviations(t, d, Moments.mean(t, d));
            total += 1 - squaredError(t, p) / (ssTot + ROW_EPSILON);
        }
        return total / truth.length;
    }

    /**
     * Single-draw {@link #r2PerFeature} averaged over draws.
     *
     * <p>Scores each draw as if it were a point prediction, which is what the reference reports
     * (mean over the 10 repetitions); it is lower than the R² of the draws' mean.
     */
    public static double r2PerFeatureOfDraws(float[][] truth, float[][][] draws) {
        Matrices.drawsShape(draws, truth);
        double total = 0;
        for (float[][] draw : draws) {
            total += r2PerFeature(truth, draw);
        }
        return total / draws.length;
    }

    /** Single-draw {@link #r2Flat} averaged over draws, as the reference's mean over repetitions. */
    public static double r2FlatOfDraws(float[][] truth, float[][][] draws) {
        Matrices.drawsShape(draws, truth);
        double total = 0;
        for (float[][] draw : draws) {
            total += r2Flat(truth, draw);
        }
        return total / draws.length;
    }

    /** Residual sum of squares Σ(a − b)². */
    private static double squaredError(double[] a, double[] b) {
        double ss = 0;
        for (int i = 0; i < a.length; i++) {
            double e = a[i] - b[i];
            ss += e * e;
        }
        return ss;
    }

    private static double[] flattenAll(float[][] m) {
        return Matrices.flatten(m, m[0].length);
    }
}
