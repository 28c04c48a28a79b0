package dev.coherent.linear;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * The conditional mean of a Gaussian mixture over known patient groups (cancer types, subtypes)
 * with one shared covariance: within group g, y = offset_g + xβ + noise, and a new patient's group
 * is not given but inferred from x by linear discriminant analysis, so that
 * E[y | x] = xβ + Σ_g p(g | x)·offset_g with p(g | x) a softmax of a linear map of x.
 *
 * <p>Why: when groups differ in their means, a single regression line through all of them mixes
 * between-group and within-group relations; the mixture keeps them apart and needs the group only
 * at training time. β is ridge regression on the rows centered within their group (penalty chosen
 * by cross-validation on those); the discriminant's covariance is the within-group covariance of x
 * shrunk toward its diagonal ({@link ShrunkCovariance}), which keeps it invertible with few
 * patients per group. A group absent from a fold's training rows gets no weight.
 */
final class GroupMixture {
    /** Salts the seed of the mixture's folds ("mixt"), so they are not those that chose β's penalty. */
    private static final long FOLD_SALT = 0x6d697874L;

    private GroupMixture() {}

    /**
     * A fitted mixture mean.
     *
     * @param coefficients β, [input][output]
     * @param offsets the intercept of each group, [group][output]
     * @param gate the discriminant's coefficients, [input][group]
     * @param gateIntercepts the discriminant's intercepts, one per group ({@code -∞} for a group
     *     without training rows)
     */
    record Fit(double[][] coefficients, double[][] offsets, double[][] gate, double[] gateIntercepts) {
        double[] predict(double[] x) {
            int groups = gateIntercepts.length;
            double[] logits = gateIntercepts.clone();
            for (int k = 0; k < x.length; k++) {
                for (int g = 0; g < groups; g++) {
                    logits[g] += x[k] * gate[k][g];
                }
            }
            double[] p = softmax(logits);
            int m = offsets[0].length;
            double[] out = new double[m];
            for (int g = 0; g < groups; g++) {
                if (p[g] > 0) {
                    for (int t = 0; t < m; t++) {
                        out[t] += p[g] * offsets[g][t];
                    }
                }
            }
            for (int k = 0; k < x.length; k++) {
                for (int t = 0; t < m; t++) {
                    out[t] += x[k] * coefficients[k][t];
                }
            }
            return out;
        }
    }

    /**
     * The fit on every row and its held-out errors, as {@link RidgeRegression.Selection}; {@code
     * alpha} is β's relative ridge penalty.
     */
    record Selection(Fit fit, double alpha, double cvMse, double[][] residuals) {}

    /** Turns logits into probabilities; {@code -∞} logits get 0. */
    static double[] softmax(double[] logits) {
        double max = Arrays.stream(logits).max().orElse(0);
        double[] p = new double[logits.length];
        double sum = 0;
        for (int g = 0; g < logits.length; g++) {
            p[g] = Math.exp(logits[g] - max);
            sum += p[g];
        }
        for (int g = 0; g < p.length; g++) {
            p[g] /= sum;
        }
        return p;
    }

    /**
     * Fits on rows x [row][input], y [row][output] whose groups are {@code group[row]} in
     * [0, groups), with the penalty of β chosen by cross-validation on the within-group rows, and
     * scores the whole mixture by {@link RidgeRegression#DEFAULT_FOLDS}-fold cross-validation.
     */
    static Selection select(double[][] x, double[][] y, int[] group, int groups, long seed) {
        int n = x.length;
        double alpha = RidgeRegression.select(
                        centered(x, group, groups, RidgeRegression.rows(n)),
                        centered(y, group, groups, RidgeRegression.rows(n)),
                        seed)
                .fit()
                .alpha();
        int k = Math.min(RidgeRegression.DEFAULT_FOLDS, n);
        int[] order = RidgeRegression.shuffledRows(n, seed ^ FOLD_SALT);
        int m = y[0].length;
        double[][] residuals = new double[n][];
        double sse = 0;
        for (int f = 0; f < k; f++) {
            Fit fit = fit(x, y, group, groups, RidgeRegression.fold(order, k, f, false), alpha);
            for (int row : RidgeRegression.fold(order, k, f, true)) {
                double[] pred = fit.predict(x[row]);
                double[] r = new double[m];
                for (int t = 0; t < m; t++) {
                    r[t] = y[row][t] - pred[t];
                    sse += r[t] * r[t];
                }
                residuals[row] = r;
            }
        }
        return new Selection(
                fit(x, y, group, groups, RidgeRegression.rows(n), alpha), alpha, sse / ((double) n * m), residuals);
    }

    /** The mixture on some rows with a fixed relative ridge penalty for β. */
    static Fit fit(double[][] x, double[][] y, int[] group, int groups, int[] rows, double alpha) {
        int p = x[0].length;
        int m = y[0].length;
        double[][] xMeans = groupMeans(x, group, groups, rows);
        double[][] yMeans = groupMeans(y, group, groups, rows);
        int[] counts = new int[groups];
        for (int i : rows) {
            counts[group[i]]++;
        }
        double[][] xc = subtractMeans(x, xMeans, group, rows);
        double[][] beta = RidgeRegression.fit(xc, subtractMeans(y, yMeans, group, rows), alpha)
                .coefficients();
        double[][] offsets = new double[groups][m];
        for (int g = 0; g < groups; g++) {
            for (int t = 0; t < m; t++) {
                double v = yMeans[g][t];
                for (int k = 0; k < p; k++) {
                    v -= xMeans[g][k] * beta[k][t];
                }
                offsets[g][t] = v;
            }
        }
        // Discriminant: logit_g = log π_g + xᵀS⁻¹μ_g − ½ μ_gᵀS⁻¹μ_g with S the within-group covariance.
        float[][] sigma = ShrunkCovariance.of(xc).sigma();
        DMatrixRMaj s = new DMatrixRMaj(p, p);
        DMatrixRMaj means = new DMatrixRMaj(p, groups);
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < p; b++) {
                s.unsafe_set(a, b, sigma[a][b]);
            }
            for (int g = 0; g < groups; g++) {
                means.unsafe_set(a, g, xMeans[g][a]);
            }
        }
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.chol(p);
        if (!solver.setA(s)) {
            throw new IllegalArgumentException("the within-group covariance is not positive definite");
        }
        DMatrixRMaj w = new DMatrixRMaj(p, groups);
        solver.solve(means, w);
        double[][] gate = new double[p][groups];
        double[] gateIntercepts = new double[groups];
        for (int g = 0; g < groups; g++) {
            double quadratic = 0;
            for (int a = 0; a < p; a++) {
                gate[a][g] = w.unsafe_get(a, g);
                quadratic += xMeans[g][a] * gate[a][g];
            }
            gateIntercepts[g] = counts[g] == 0
                    ? Double.NEGATIVE_INFINITY
                    : Math.log(counts[g] / (double) rows.length) - 0.5 * quadratic;
        }
        return new Fit(beta, offsets, gate, gateIntercepts);
    }

    private static double[][] groupMeans(double[][] v, int[] group, int groups, int[] rows) {
        int d = v[0].length;
        double[][] sums = new double[groups][d];
        int[] counts = new int[groups];
        for (int i : rows) {
            counts[group[i]]++;
            for (int j = 0; j < d; j++) {
                sums[group[i]][j] += v[i][j];
            }
        }
        for (int g = 0; g < groups; g++) {
            for (int j = 0; j < d && counts[g] > 0; j++) {
                sums[g][j] /= counts[g];
            }
        }
        return sums;
    }

    private static double[][] subtractMeans(double[][] v, double[][] means, int[] group, int[] rows) {
        double[][] out = new double[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            double[] row = v[rows[r]];
            double[] mean = means[group[rows[r]]];
            out[r] = new double[row.length];
            for (int j = 0; j < row.length; j++) {
                out[r][j] = row[j] - mean[j];
            }
        }
        return out;
    }

    private static double[][] centered(double[][] v, int[] group, int groups, int[] rows) {
        return subtractMeans(v, groupMeans(v, group, groups, rows), group, rows);
    }
}
