package dev.coherent.autoencoder;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fits the reference's slide-embedding reduction: a standard scaler, then PCA keeping the leading
 * components (scikit-learn's {@code StandardScaler} then {@code PCA}; reference-method.md §2).
 *
 * <p>The eigenvectors come from a cyclic Jacobi decomposition of the covariance matrix, or of the
 * Gram matrix when there are fewer rows than features (the same axes, a smaller matrix). Each
 * axis is signed so that its largest loading is positive, which makes the fit deterministic.
 * Components beyond the data's rank are zero vectors (their codes are constant 0). The engine's one
 * PCA: the privacy audit's scatter plots use it too ({@link Plane}).
 */
public final class PrincipalComponents {
    private static final int MAX_SWEEPS = 100;

    private PrincipalComponents() {}

    /**
     * The fewest leading components of the standardized rows whose variance reaches
     * {@code varianceShare} of the total, between 1 and {@code max} (and the data's rank): how wide
     * a modality's codes must be to keep that much of it. Singular values by EJML's SVD.
     */
    public static int componentsFor(float[][] rows, double varianceShare, int max) {
        int n = rows.length;
        if (n < 2) {
            throw new IllegalArgumentException("PCA needs at least 2 rows, got " + n);
        }
        int d = rows[0].length;
        org.ejml.data.DMatrixRMaj x = new org.ejml.data.DMatrixRMaj(standardized(rows, new double[d], new double[d]));
        var svd = org.ejml.dense.row.factory.DecompositionFactory_DDRM.svd(n, d, false, false, true);
        if (!svd.decompose(x)) {
            throw new IllegalStateException("SVD of the training rows failed");
        }
        double[] variance = svd.getSingularValues().clone();
        double total = 0;
        for (int k = 0; k < variance.length; k++) {
            variance[k] *= variance[k];
            total += variance[k];
        }
        java.util.Arrays.sort(variance);
        int limit = Math.max(1, Math.min(max, Math.min(d, n - 1)));
        double kept = 0;
        for (int k = 1; k <= limit; k++) {
            kept += variance[variance.length - k];
            if (kept >= varianceShare * total) {
                return k;
            }
        }
        return limit;
    }

    /**
     * Weights for {@link PcaOps}: {@code pca_mean}, {@code pca_scale} (population std, 1 for a
     * constant feature) and {@code pca_components} [D, L] row-major.
     */
    public static Map<String, float[]> fit(float[][] rows, int components) {
        int n = rows.length;
        if (n < 2) {
            throw new IllegalArgumentException("PCA needs at least 2 rows, got " + n);
        }
        int d = rows[0].length;
        if (components > d) {
            throw new IllegalArgumentException(
                    "cannot keep " + components + " principal components of " + d + " features; lower latent_dim");
        }
        double[] mean = new double[d];
        double[] scale = new double[d];
        double[][] x = standardized(rows, mean, scale);
        double[][] axes = n < d ? axesFromGram(x, components) : axesFromCovariance(x, components);
        float[] w = new float[d * components];
        for (int c = 0; c < components; c++) {
            int big = 0;
            for (int j = 1; j < d; j++) {
                if (Math.abs(axes[c][j]) > Math.abs(axes[c][big])) {
                    big = j;
                }
            }
            double sign = axes[c][big] < 0 ? -1 : 1;
            for (int j = 0; j < d; j++) {
                w[j * components + c] = (float) (sign * axes[c][j]);
            }
        }
        Map<String, float[]> out = new LinkedHashMap<>();
        out.put(PcaOps.MEAN, toFloats(mean));
        out.put(PcaOps.SCALE, toFloats(scale));
        out.put(PcaOps.COMPONENTS, w);
        return out;
    }

    /**
     * The plane of a point cloud's two leading principal axes (centered, not scaled), onto which the
     * privacy audit draws training against generated samples.
     *
     * @param axes [component][feature]; fewer than two when the points have fewer features
     */
    public record Plane(double[] mean, double[][] axes) {

        /** Fits the plane of {@code points} [point][feature]. */
        public static Plane of(float[][] points) {
            int d = points[0].length;
            double[] mean = new double[d];
            for (float[] p : points) {
                for (int j = 0; j < d; j++) {
                    mean[j] += p[j] / (double) points.length;
                }
            }
            double[][] centered = new double[points.length][d];
            for (int i = 0; i < points.length; i++) {
                for (int j = 0; j < d; j++) {
                    centered[i][j] = points[i][j] - mean[j];
                }
            }
            return new Plane(mean, axesFromCovariance(centered, Math.min(2, d)));
        }

        /** Coordinates [point][axis] of the first {@code max} points. */
        public float[][] project(float[][] points, int max) {
            int n = Math.min(points.length, max);
            float[][] out = new float[n][axes.length];
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < axes.length; c++) {
                    double s = 0;
                    for (int j = 0; j < mean.length; j++) {
                        s += (points[i][j] - mean[j]) * axes[c][j];
                    }
                    out[i][c] = (float) s;
                }
            }
            return out;
        }
    }

    /**
     * The rows standardized as scikit-learn's {@code StandardScaler} does (population std, 1 for a
     * constant feature); fills {@code mean} and {@code scale}.
     */
    private static double[][] standardized(float[][] rows, double[] mean, double[] scale) {
        int n = rows.length;
        int d = mean.length;
        for (float[] r : rows) {
            for (int j = 0; j < d; j++) {
                mean[j] += r[j] / (double) n;
            }
        }
        for (float[] r : rows) {
            for (int j = 0; j < d; j++) {
                double v = r[j] - mean[j];
                scale[j] += v * v / n;
            }
        }
        for (int j = 0; j < d; j++) {
            scale[j] = Math.sqrt(scale[j]);
            scale[j] = scale[j] > 1e-12 ? scale[j] : 1.0;
        }
        double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = (rows[i][j] - mean[j]) / scale[j];
            }
        }
        return x;
    }

    private static double[][] axesFromCovariance(double[][] x, int components) {
        int n = x.length;
        int d = x[0].length;
        double[][] cov = new double[d][d];
        for (double[] r : x) {
            for (int a = 0; a < d; a++) {
                for (int b = a; b < d; b++) {
                    cov[a][b] += r[a] * r[b] / n;
                }
            }
        }
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < a; b++) {
                cov[a][b] = cov[b][a];
            }
        }
        double[] values = new double[d];
        double[][] vectors = jacobi(cov, values);
        int[] order = descending(values);
        double[][] axes = new double[components][d];
        for (int c = 0; c < components; c++) {
            for (int j = 0; j < d; j++) {
                axes[c][j] = values[order[c]] > 1e-10 ? vectors[j][order[c]] : 0;
            }
        }
        return axes;
    }

    /** Axes v = Xᵀu / ‖Xᵀu‖ from the eigenvectors u of X·Xᵀ, cheaper when rows are fewer than features. */
    private static double[][] axesFromGram(double[][] x, int components) {
        int n = x.length;
        int d = x[0].length;
        double[][] gram = new double[n][n];
        for (int a = 0; a < n; a++) {
            for (int b = a; b < n; b++) {
                double s = 0;
                for (int j = 0; j < d; j++) {
                    s += x[a][j] * x[b][j];
                }
                gram[a][b] = s / n;
                gram[b][a] = s / n;
            }
        }
        double[] values = new double[n];
        double[][] vectors = jacobi(gram, values);
        int[] order = descending(values);
        double[][] axes = new double[components][d];
        for (int c = 0; c < components && c < n; c++) {
            if (values[order[c]] <= 1e-10) {
                continue;
            }
            double norm = 0;
            for (int j = 0; j < d; j++) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += x[i][j] * vectors[i][order[c]];
                }
                axes[c][j] = s;
                norm += s * s;
            }
            norm = Math.sqrt(norm);
            for (int j = 0; j < d; j++) {
                axes[c][j] /= norm;
            }
        }
        return axes;
    }

    /**
     * Eigen-decomposition of a symmetric matrix by cyclic Jacobi rotations; {@code a} is destroyed.
     *
     * @param values receives the eigenvalues
     * @return the eigenvectors as columns: {@code v[i][k]} is entry i of vector k
     */
    static double[][] jacobi(double[][] a, double[] values) {
        int n = a.length;
        double[][] v = new double[n][n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            v[i][i] = 1;
            for (int j = 0; j < n; j++) {
                total += a[i][j] * a[i][j];
            }
        }
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            double off = 0;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    off += a[p][q] * a[p][q];
                }
            }
            if (off <= 1e-24 * total || off == 0) {
                break;
            }
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (Math.abs(a[p][q]) < 1e-300) {
                        continue;
                    }
                    double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int k = 0; k < n; k++) {
                        double akp = a[k][p];
                        double akq = a[k][q];
                        a[k][p] = c * akp - s * akq;
                        a[k][q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < n; k++) {
                        double apk = a[p][k];
                        double aqk = a[q][k];
                        a[p][k] = c * apk - s * aqk;
                        a[q][k] = s * apk + c * aqk;
                    }
                    for (int k = 0; k < n; k++) {
                        double vkp = v[k][p];
                        double vkq = v[k][q];
                        v[k][p] = c * vkp - s * vkq;
                        v[k][q] = s * vkp + c * vkq;
                    }
                }
            }
        }
        for (int i = 0; i < n; i++) {
            values[i] = a[i][i];
        }
        return v;
    }

    private static int[] descending(double[] values) {
        Integer[] idx = new Integer[values.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        java.util.Arrays.sort(idx, (x, y) -> Double.compare(values[y], values[x]));
        int[] out = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = idx[i];
        }
        return out;
    }

    private static float[] toFloats(double[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return out;
    }
}
