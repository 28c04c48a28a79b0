package dev.coherent.linear;

/**
 * The residual covariance Σ of rows of residuals: their second moments about zero (a bias of the
 * mean counts as error, as it does for a patient), off-diagonal ones shrunk toward 0.
 */
record ShrunkCovariance(double[][] secondMoments, double shrinkage, float[][] sigma) {
    static ShrunkCovariance of(double[][] r) {
        int n = r.length;
        int m = r[0].length;
        double[][] cov = new double[m][m];
        for (double[] row : r) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j <= i; j++) {
                    cov[i][j] += row[i] * row[j] / n;
                }
            }
        }
        double shrinkage = intensity(r, cov);
        float[][] sigma = new float[m][m];
        double meanDiag = 0;
        for (int i = 0; i < m; i++) {
            meanDiag += cov[i][i] / m;
        }
        // A feature without residual variance (constant target) keeps Σ invertible with a tiny floor.
        double floor = 1e-6 * Math.max(meanDiag, 1e-6);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j <= i; j++) {
                double v = i == j ? Math.max(cov[i][i], floor) : (1 - shrinkage) * cov[i][j];
                sigma[i][j] = (float) v;
                sigma[j][i] = (float) v;
            }
        }
        return new ShrunkCovariance(cov, shrinkage, sigma);
    }

    /**
     * Schäfer–Strimmer intensity toward the diagonal: the summed estimated variance of the
     * off-diagonal second moments over their summed squares, clipped to [0, 1].
     */
    static double intensity(double[][] rows, double[][] cov) {
        int n = rows.length;
        int m = cov.length;
        if (n < 2 || m < 2) {
            return 1;
        }
        double variance = 0;
        double squares = 0;
        for (int i = 1; i < m; i++) {
            for (int j = 0; j < i; j++) {
                double mean = cov[i][j];
                double v = 0;
                for (double[] row : rows) {
                    double d = row[i] * row[j] - mean;
                    v += d * d;
                }
                variance += v / ((double) n * (n - 1));
                squares += mean * mean;
            }
        }
        return squares > 0 ? Math.max(0, Math.min(1, variance / squares)) : 1;
    }
}
