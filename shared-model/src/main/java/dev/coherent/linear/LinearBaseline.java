package dev.coherent.linear;

import dev.coherent.metrics.Matrices;
import dev.coherent.metrics.Moments;

/**
 * Multi-output ordinary least squares with an unpenalized intercept and a tiny relative ridge.
 *
 * <p>The simplest cross-modal imputer: predicts the missing modality as an affine map of the
 * observed ones (Hastie, Tibshirani and Friedman, "The Elements of Statistical Learning", 2nd ed.,
 * §3.2 and §3.4.1). Use it as the floor any diffusion model must beat on R². X and Y are centered,
 * then (XcᵀXc + λI)β = XcᵀYc is solved in double by Cholesky, with λ = ridge × the mean diagonal
 * of XcᵀXc so the regularization is scale-free; the intercept is ȳ − x̄ᵀβ.
 */
public final class LinearBaseline {

    /** Default relative ridge: negligible for well-posed data, enough to keep collinear inputs solvable. */
    public static final double DEFAULT_RIDGE = 1e-6;

    /** Coefficients [input feature][output feature]. */
    private final double[][] coefficients;
    /** Intercepts [output feature]. */
    private final double[] intercepts;

    private LinearBaseline(double[][] coefficients, double[] intercepts) {
        this.coefficients = coefficients;
        this.intercepts = intercepts;
    }

    /** Fits with {@link #DEFAULT_RIDGE}. */
    public static LinearBaseline fit(float[][] x, float[][] y) {
        return fit(x, y, DEFAULT_RIDGE);
    }

    /**
     * Fits y ≈ x·β + b on rows of {@code x} [sample][input] and {@code y} [sample][output].
     *
     * @param ridge relative ridge ≥ 0; 0 gives plain least squares and fails on a singular design
     * @throws IllegalArgumentException on mismatched shapes, a negative ridge or a singular system
     */
    public static LinearBaseline fit(float[][] x, float[][] y, double ridge) {
        if (!(ridge >= 0)) {
            throw new IllegalArgumentException("ridge must be >= 0: " + ridge);
        }
        int p = Matrices.columns(x, "x");
        int m = Matrices.columns(y, "y");
        if (x.length != y.length) {
            throw new IllegalArgumentException("x has " + x.length + " rows but y has " + y.length);
        }
        int n = x.length;
        double[] xMean = columnMeans(x, p);
        double[] yMean = columnMeans(y, m);

        // Gram matrix XcᵀXc (upper triangle, mirrored) and cross-products XcᵀYc, one pass over rows.
        double[][] a = new double[p][p];
        double[][] b = new double[p][m];
        double[] xc = new double[p];
        double[] yc = new double[m];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < p; k++) {
                xc[k] = x[i][k] - xMean[k];
            }
            for (int t = 0; t < m; t++) {
                yc[t] = y[i][t] - yMean[t];
            }
            for (int k = 0; k < p; k++) {
                double v = xc[k];
                if (v == 0) {
                    continue;
                }
                double[] ak = a[k];
                for (int l = k; l < p; l++) {
                    ak[l] += v * xc[l];
                }
                double[] bk = b[k];
                for (int t = 0; t < m; t++) {
                    bk[t] += v * yc[t];
                }
            }
        }
        double trace = 0;
        for (int k = 0; k < p; k++) {
            trace += a[k][k];
            for (int l = 0; l < k; l++) {
                a[k][l] = a[l][k];
            }
        }
        // Scale-free ridge; an all-constant design has no scale, so fall back to an absolute one.
        double scale = p > 0 && trace > 0 ? trace / p : 1.0;
        double lambda = ridge * scale;
        for (int k = 0; k < p; k++) {
            a[k][k] += lambda;
        }

        double[][] beta = solveCholesky(a, b);
        double[] intercepts = yMean.clone();
        for (int t = 0; t < m; t++) {
            double s = 0;
            for (int k = 0; k < p; k++) {
                s += xMean[k] * beta[k][t];
            }
            intercepts[t] -= s;
        }
        return new LinearBaseline(beta, intercepts);
    }

    /** Predicts [sample][output] for rows of {@code x} [sample][input]. */
    public float[][] predict(float[][] x) {
        float[][] out = new float[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = predictRow(x[i]);
        }
        return out;
    }

    /** Predicts the outputs of one input row. */
    public float[] predictRow(float[] x) {
        int p = coefficients.length;
        if (x.length != p) {
            throw new IllegalArgumentException("expected " + p + " inputs, got " + x.length);
        }
        int m = intercepts.length;
        double[] acc = intercepts.clone();
        for (int k = 0; k < p; k++) {
            double v = x[k];
            double[] bk = coefficients[k];
            for (int t = 0; t < m; t++) {
                acc[t] += v * bk[t];
            }
        }
        float[] out = new float[m];
        for (int t = 0; t < m; t++) {
            out[t] = (float) acc[t];
        }
        return out;
    }

    /** Number of input features. */
    public int inputDim() {
        return coefficients.length;
    }

    /** Number of output features. */
    public int outputDim() {
        return intercepts.length;
    }

    /** Copy of the coefficients, indexed [input feature][output feature]. */
    public double[][] coefficients() {
        double[][] copy = new double[coefficients.length][];
        for (int k = 0; k < coefficients.length; k++) {
            copy[k] = coefficients[k].clone();
        }
        return copy;
    }

    /** Copy of the intercepts, one per output feature. */
    public double[] intercepts() {
        return intercepts.clone();
    }

    private static double[] columnMeans(float[][] m, int d) {
        double[] col = new double[m.length];
        double[] means = new double[d];
        for (int j = 0; j < d; j++) {
            Matrices.column(m, j, col);
            means[j] = Moments.mean(col, m.length);
        }
        return means;
    }

    /** Solves A·X = B for symmetric positive definite A (overwritten by its Cholesky factor). */
    static double[][] solveCholesky(double[][] a, double[][] b) {
        int p = a.length;
        int m = p == 0 ? 0 : b[0].length;
        // In place: lower triangle of a becomes L with A = L·Lᵀ.
        for (int j = 0; j < p; j++) {
            double original = a[j][j];
            double diag = original;
            for (int k = 0; k < j; k++) {
                diag -= a[j][k] * a[j][k];
            }
            // A pivot lost to cancellation means a (numerically) singular system, not a tiny positive one.
            if (!(diag > original * 1e-12)) {
                throw new IllegalArgumentException(
                        "normal equations are singular (pivot " + j + "); use a positive ridge");
            }
            double ljj = Math.sqrt(diag);
            a[j][j] = ljj;
            for (int i = j + 1; i < p; i++) {
                double s = a[i][j];
                for (int k = 0; k < j; k++) {
                    s -= a[i][k] * a[j][k];
                }
                a[i][j] = s / ljj;
            }
        }
        double[][] x = new double[p][];
        for (int i = 0; i < p; i++) {
            x[i] = b[i].clone();
        }
        // Forward substitution L·Z = B, then backward Lᵀ·X = Z, all right-hand sides at once.
        for (int i = 0; i < p; i++) {
            for (int k = 0; k < i; k++) {
                double lik = a[i][k];
                for (int t = 0; t < m; t++) {
                    x[i][t] -= lik * x[k][t];
                }
            }
            for (int t = 0; t < m; t++) {
                x[i][t] /= a[i][i];
            }
        }
        for (int i = p - 1; i >= 0; i--) {
            for (int k = i + 1; k < p; k++) {
                double lki = a[k][i];
                for (int t = 0; t < m; t++) {
                    x[i][t] -= lki * x[k][t];
                }
            }
            for (int t = 0; t < m; t++) {
                x[i][t] /= a[i][i];
            }
        }
        return x;
    }
}
