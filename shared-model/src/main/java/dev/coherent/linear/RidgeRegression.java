package dev.coherent.linear;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Multi-output ridge regression with an unpenalized intercept, its penalty chosen by k-fold
 * cross-validation (Hastie, Tibshirani and Friedman, "The Elements of Statistical Learning", 2nd ed.,
 * §3.4.1 and §7.10).
 *
 * <p>The penalty is relative: λ = α × trace(XcᵀXc)/p, so one grid of α fits data of any scale and
 * size. For each fold the centered Gram matrix is decomposed once (EJML's symmetric eigen
 * decomposition) and every α on the grid is solved from it. One α serves all outputs; it minimizes
 * the squared error summed over the held-out rows and outputs.
 *
 * <p>With more inputs than rows (omics features of a few dozen patients) the n × n kernel matrix
 * XcXcᵀ is decomposed instead and β = Xcᵀ(XcXcᵀ + λI)⁻¹Yc, the same solution (ESL §18.3.5) at a
 * cost cubic in the rows rather than in the inputs.
 */
public final class RidgeRegression {
    /** Relative penalties tried, from almost least squares to almost the mean. */
    public static final double[] DEFAULT_ALPHAS = logspace(-4, 3, 22);

    public static final int DEFAULT_FOLDS = 5;
    /** Rows a fit needs; with fewer, cross-validation cannot choose a penalty. */
    public static final int MIN_ROWS = 3;

    private RidgeRegression() {}

    /**
     * A fitted map y ≈ (x − x̄)·β + ȳ.
     *
     * @param coefficients β, [input][output]
     * @param intercepts ȳ − x̄ᵀβ, one per output
     * @param alpha the relative penalty it was fitted with
     */
    public record Fit(double[][] coefficients, double[] intercepts, double alpha) {
        public double[] predict(double[] x) {
            double[] out = intercepts.clone();
            for (int k = 0; k < coefficients.length; k++) {
                double v = x[k];
                if (v != 0) {
                    double[] b = coefficients[k];
                    for (int t = 0; t < out.length; t++) {
                        out[t] += v * b[t];
                    }
                }
            }
            return out;
        }
    }

    /**
     * The penalty chosen by cross-validation, the fit on every row with it, and what it was chosen on.
     *
     * @param cvMse held-out mean squared error per output at the chosen penalty
     * @param residuals held-out residuals (truth − prediction) of every row at the chosen penalty,
     *     [row][output]: honest errors, unlike in-sample ones which shrink as inputs grow
     */
    public record Selection(Fit fit, double cvMse, double[][] residuals) {}

    /** Fits with relative penalty {@code alpha} ≥ 0 on rows [row][input] and [row][output]. */
    public static Fit fit(double[][] x, double[][] y, double alpha) {
        Problem p = Problem.of(x, y, rows(x.length));
        return p.fit(new double[] {alpha})[0];
    }

    /** Chooses α on {@link #DEFAULT_ALPHAS} by {@link #DEFAULT_FOLDS}-fold cross-validation, seeded. */
    public static Selection select(double[][] x, double[][] y, long seed) {
        return select(x, y, DEFAULT_ALPHAS, DEFAULT_FOLDS, seed);
    }

    /**
     * Chooses α among {@code alphas} by k-fold cross-validation (k at most the number of rows).
     *
     * @throws IllegalArgumentException with fewer than {@link #MIN_ROWS} rows or mismatched shapes
     */
    public static Selection select(double[][] x, double[][] y, double[] alphas, int folds, long seed) {
        int n = x.length;
        if (n != y.length) {
            throw new IllegalArgumentException("x has " + n + " rows but y has " + y.length);
        }
        if (n < MIN_ROWS) {
            throw new IllegalArgumentException("ridge regression needs at least " + MIN_ROWS + " rows, got " + n);
        }
        int k = Math.min(folds, n);
        int[] order = shuffledRows(n, seed);
        int m = y[0].length;
        double[] sse = new double[alphas.length];
        double[][][] heldOut = new double[alphas.length][n][];
        for (int f = 0; f < k; f++) {
            int[] train = fold(order, k, f, false);
            int[] test = fold(order, k, f, true);
            Fit[] fits = Problem.of(x, y, train).fit(alphas);
            for (int a = 0; a < alphas.length; a++) {
                for (int i : test) {
                    double[] pred = fits[a].predict(x[i]);
                    double[] r = new double[m];
                    for (int t = 0; t < m; t++) {
                        r[t] = y[i][t] - pred[t];
                        sse[a] += r[t] * r[t];
                    }
                    heldOut[a][i] = r;
                }
            }
        }
        int best = 0;
        for (int a = 1; a < alphas.length; a++) {
            if (sse[a] < sse[best]) {
                best = a;
            }
        }
        Fit fit = Problem.of(x, y, rows(n)).fit(new double[] {alphas[best]})[0];
        return new Selection(fit, sse[best] / ((double) n * m), heldOut[best]);
    }

    /** The row indices 0..n−1 in a seeded random order, to deal into folds. */
    static int[] shuffledRows(int n, long seed) {
        int[] order = rows(n);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** Rows of fold f (test) or of the other folds (train), for rows dealt round-robin in {@code order}. */
    static int[] fold(int[] order, int k, int f, boolean test) {
        return java.util.stream.IntStream.range(0, order.length)
                .filter(i -> (i % k == f) == test)
                .map(i -> order[i])
                .sorted()
                .toArray();
    }

    static int[] rows(int n) {
        int[] r = new int[n];
        Arrays.setAll(r, i -> i);
        return r;
    }

    static double[] logspace(double from, double to, int count) {
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            out[i] = Math.pow(10, from + (to - from) * i / (count - 1));
        }
        return out;
    }

    /**
     * The centered normal equations of some rows, decomposed once for every penalty: in the primal
     * form the p × p Gram matrix XcᵀXc = VSVᵀ and {@code projected} = VᵀXcᵀYc; in the dual form
     * ({@code xc} set, when there are more inputs than rows) the n × n kernel XcXcᵀ = USUᵀ and
     * {@code projected} = UᵀYc.
     */
    private record Problem(
            double[] xMean,
            double[] yMean,
            DMatrixRMaj eigenvectors,
            double[] eigenvalues,
            DMatrixRMaj projected,
            double scale,
            DMatrixRMaj xc) {

        static Problem of(double[][] x, double[][] y, int[] rows) {
            int p = x[0].length;
            int m = y[0].length;
            double[] xMean = new double[p];
            double[] yMean = new double[m];
            for (int i : rows) {
                for (int k = 0; k < p; k++) {
                    xMean[k] += x[i][k] / rows.length;
                }
                for (int t = 0; t < m; t++) {
                    yMean[t] += y[i][t] / rows.length;
                }
            }
            if (p == 0) {
                return new Problem(xMean, yMean, null, new double[0], null, 1, null);
            }
            DMatrixRMaj xc = new DMatrixRMaj(rows.length, p);
            DMatrixRMaj yc = new DMatrixRMaj(rows.length, m);
            for (int r = 0; r < rows.length; r++) {
                for (int k = 0; k < p; k++) {
                    xc.unsafe_set(r, k, x[rows[r]][k] - xMean[k]);
                }
                for (int t = 0; t < m; t++) {
                    yc.unsafe_set(r, t, y[rows[r]][t] - yMean[t]);
                }
            }
            boolean dual = p > rows.length;
            int q = dual ? rows.length : p;
            DMatrixRMaj gram = new DMatrixRMaj(q, q);
            if (dual) {
                CommonOps_DDRM.multOuter(xc, gram);
            } else {
                CommonOps_DDRM.multInner(xc, gram);
            }
            // trace(XcXcᵀ) = trace(XcᵀXc): the same penalty scale in both forms.
            double trace = CommonOps_DDRM.trace(gram);
            EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(q, true, true);
            if (!eig.decompose(gram)) {
                throw new IllegalStateException("eigen decomposition of the ridge Gram matrix failed");
            }
            DMatrixRMaj vectors = new DMatrixRMaj(q, q);
            double[] values = new double[q];
            for (int j = 0; j < q; j++) {
                values[j] = Math.max(0, eig.getEigenvalue(j).real);
                DMatrixRMaj v = eig.getEigenVector(j);
                for (int k = 0; k < q; k++) {
                    vectors.unsafe_set(k, j, v.get(k));
                }
            }
            DMatrixRMaj projected = new DMatrixRMaj(q, m);
            if (dual) {
                CommonOps_DDRM.multTransA(vectors, yc, projected);
            } else {
                DMatrixRMaj cross = new DMatrixRMaj(p, m);
                CommonOps_DDRM.multTransA(xc, yc, cross);
                CommonOps_DDRM.multTransA(vectors, cross, projected);
            }
            // A constant design has no scale; any positive one keeps the solve defined.
            double scale = trace > 0 ? trace / p : 1;
            return new Problem(xMean, yMean, vectors, values, projected, scale, dual ? xc : null);
        }

        Fit[] fit(double[] alphas) {
            int p = xMean.length;
            int m = yMean.length;
            Fit[] out = new Fit[alphas.length];
            for (int a = 0; a < alphas.length; a++) {
                double[][] beta = new double[p][m];
                if (p > 0) {
                    double lambda = alphas[a] * scale;
                    DMatrixRMaj shrunk = projected.copy();
                    for (int j = 0; j < eigenvalues.length; j++) {
                        double d = eigenvalues[j] + lambda;
                        // α = 0 on a singular design: the minimum-norm solution (drop null directions).
                        // In the dual form a null direction u of the kernel has Xcᵀu = 0 and adds nothing.
                        boolean keep = d > 1e-12 * scale && (xc == null || eigenvalues[j] > 1e-12 * scale);
                        double inv = keep ? 1 / d : 0;
                        for (int t = 0; t < m; t++) {
                            shrunk.unsafe_set(j, t, shrunk.unsafe_get(j, t) * inv);
                        }
                    }
                    DMatrixRMaj b = new DMatrixRMaj(p, m);
                    if (xc == null) {
                        CommonOps_DDRM.mult(eigenvectors, shrunk, b);
                    } else {
                        DMatrixRMaj weights = new DMatrixRMaj(eigenvalues.length, m);
                        CommonOps_DDRM.mult(eigenvectors, shrunk, weights);
                        CommonOps_DDRM.multTransA(xc, weights, b);
                    }
                    for (int k = 0; k < p; k++) {
                        for (int t = 0; t < m; t++) {
                            beta[k][t] = b.unsafe_get(k, t);
                        }
                    }
                }
                double[] intercepts = yMean.clone();
                for (int t = 0; t < m; t++) {
                    for (int k = 0; k < p; k++) {
                        intercepts[t] -= xMean[k] * beta[k][t];
                    }
                }
                out[a] = new Fit(beta, intercepts, alphas[a]);
            }
            return out;
        }
    }
}
