package dev.coherent.audit;

/**
 * The first two principal axes of a point cloud, by power iteration with deflation on its
 * covariance (small dimensions only); used to draw training versus generated samples.
 */
final class Pca {
    private final double[] mean;
    private final double[][] axes;

    private Pca(double[] mean, double[][] axes) {
        this.mean = mean;
        this.axes = axes;
    }

    static Pca fit(float[][] points) {
        int d = points[0].length;
        int n = points.length;
        double[] mean = new double[d];
        for (float[] p : points) {
            for (int j = 0; j < d; j++) {
                mean[j] += p[j] / (double) n;
            }
        }
        double[][] cov = new double[d][d];
        for (float[] p : points) {
            for (int a = 0; a < d; a++) {
                double da = p[a] - mean[a];
                for (int b = 0; b < d; b++) {
                    cov[a][b] += da * (p[b] - mean[b]) / n;
                }
            }
        }
        double[][] axes = new double[2][];
        for (int c = 0; c < 2; c++) {
            double[] v = new double[d];
            java.util.Arrays.fill(v, 1 / Math.sqrt(d));
            v[c % d] += 0.5; // break symmetry deterministically
            double lambda = 0;
            for (int it = 0; it < 500; it++) {
                double[] w = new double[d];
                for (int a = 0; a < d; a++) {
                    for (int b = 0; b < d; b++) {
                        w[a] += cov[a][b] * v[b];
                    }
                }
                double norm = 0;
                for (double x : w) {
                    norm += x * x;
                }
                norm = Math.sqrt(norm);
                if (norm == 0) {
                    break;
                }
                for (int a = 0; a < d; a++) {
                    v[a] = w[a] / norm;
                }
                lambda = norm;
            }
            axes[c] = v;
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    cov[a][b] -= lambda * v[a] * v[b];
                }
            }
        }
        return new Pca(mean, axes);
    }

    float[][] project(float[][] points, int max) {
        int n = Math.min(points.length, max);
        float[][] out = new float[n][2];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 2; c++) {
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
