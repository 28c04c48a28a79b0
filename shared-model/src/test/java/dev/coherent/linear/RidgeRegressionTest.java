package dev.coherent.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/** Ridge regression against least squares and its closed form, in the primal (narrow) and the dual (wide) form. */
class RidgeRegressionTest {

    @Test
    void zeroPenaltyIsLeastSquares() {
        SplittableRandom random = new SplittableRandom(1);
        int n = 50;
        double[][] x = new double[n][4];
        double[][] y = new double[n][2];
        float[][] xf = new float[n][4];
        float[][] yf = new float[n][2];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 4; k++) {
                x[i][k] = random.nextGaussian();
                xf[i][k] = (float) x[i][k];
            }
            y[i][0] = 2 * x[i][0] - x[i][3] + random.nextGaussian();
            y[i][1] = 0.5 + x[i][1] + random.nextGaussian();
            yf[i][0] = (float) y[i][0];
            yf[i][1] = (float) y[i][1];
        }
        RidgeRegression.Fit fit = RidgeRegression.fit(x, y, 0);
        LinearBaseline ols = LinearBaseline.fit(xf, yf, 0);
        for (int k = 0; k < 4; k++) {
            for (int t = 0; t < 2; t++) {
                assertEquals(ols.coefficients()[k][t], fit.coefficients()[k][t], 1e-4);
            }
        }
        assertEquals(ols.intercepts()[1], fit.intercepts()[1], 1e-4);
    }

    @Test
    void crossValidationPenalizesNoiseAndSparesSignal() {
        SplittableRandom random = new SplittableRandom(2);
        int n = 60;
        int p = 40;
        double[][] x = new double[n][p];
        double[][] noise = new double[n][1];
        double[][] signal = new double[n][1];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < p; k++) {
                x[i][k] = random.nextGaussian();
            }
            noise[i][0] = random.nextGaussian();
            signal[i][0] = x[i][0] + x[i][1] + 0.05 * random.nextGaussian();
        }
        RidgeRegression.Selection onNoise = RidgeRegression.select(x, noise, 3);
        RidgeRegression.Selection onSignal = RidgeRegression.select(x, signal, 3);
        assertTrue(
                onNoise.fit().alpha() > 100 * onSignal.fit().alpha(),
                "noise gets a far heavier penalty: " + onNoise.fit().alpha() + " vs "
                        + onSignal.fit().alpha());
        assertTrue(
                norm(onNoise.fit()) < 0.5 * norm(RidgeRegression.fit(x, noise, 0)),
                "the penalty shrinks the noise fit's coefficients");
        assertTrue(
                onSignal.fit().alpha() <= 0.1,
                "signal gets a light one: " + onSignal.fit().alpha());
        assertTrue(onSignal.cvMse() < 0.1, "held-out error " + onSignal.cvMse());
        assertEquals(n, onSignal.residuals().length);
        assertThrows(
                IllegalArgumentException.class, () -> RidgeRegression.select(new double[2][1], new double[2][1], 1));
    }

    private static double norm(RidgeRegression.Fit fit) {
        double s = 0;
        for (double[] row : fit.coefficients()) {
            for (double v : row) {
                s += v * v;
            }
        }
        return Math.sqrt(s);
    }

    private static double[][] gaussian(SplittableRandom r, int rows, int cols) {
        double[][] out = new double[rows][cols];
        for (double[] row : out) {
            for (int j = 0; j < cols; j++) {
                row[j] = 2 + r.nextGaussian();
            }
        }
        return out;
    }

    /** β = (XcᵀXc + λI)⁻¹XcᵀYc with λ = α·trace(XcᵀXc)/p, solved directly. */
    private static double[][] closedForm(double[][] x, double[][] y, double alpha) {
        int n = x.length;
        int p = x[0].length;
        int m = y[0].length;
        DMatrixRMaj xc = new DMatrixRMaj(n, p);
        DMatrixRMaj yc = new DMatrixRMaj(n, m);
        for (int k = 0; k < p; k++) {
            double mean = 0;
            for (double[] row : x) {
                mean += row[k] / n;
            }
            for (int i = 0; i < n; i++) {
                xc.set(i, k, x[i][k] - mean);
            }
        }
        for (int t = 0; t < m; t++) {
            double mean = 0;
            for (double[] row : y) {
                mean += row[t] / n;
            }
            for (int i = 0; i < n; i++) {
                yc.set(i, t, y[i][t] - mean);
            }
        }
        DMatrixRMaj gram = new DMatrixRMaj(p, p);
        CommonOps_DDRM.multInner(xc, gram);
        double lambda = alpha * CommonOps_DDRM.trace(gram) / p;
        for (int k = 0; k < p; k++) {
            gram.add(k, k, lambda);
        }
        DMatrixRMaj cross = new DMatrixRMaj(p, m);
        CommonOps_DDRM.multTransA(xc, yc, cross);
        DMatrixRMaj beta = new DMatrixRMaj(p, m);
        assertTrue(CommonOps_DDRM.solve(gram, cross, beta));
        double[][] out = new double[p][m];
        for (int k = 0; k < p; k++) {
            for (int t = 0; t < m; t++) {
                out[k][t] = beta.get(k, t);
            }
        }
        return out;
    }

    @Test
    void narrowAndWideDesignsGiveTheClosedFormSolution() {
        SplittableRandom r = new SplittableRandom(4);
        for (int p : new int[] {5, 40}) {
            double[][] x = gaussian(r, 15, p);
            double[][] y = gaussian(r, 15, 3);
            for (double alpha : new double[] {0.01, 1, 30}) {
                RidgeRegression.Fit fit = RidgeRegression.fit(x, y, alpha);
                double[][] expected = closedForm(x, y, alpha);
                for (int k = 0; k < p; k++) {
                    for (int t = 0; t < 3; t++) {
                        assertEquals(
                                expected[k][t],
                                fit.coefficients()[k][t],
                                1e-9,
                                "p " + p + ", alpha " + alpha + ", beta[" + k + "][" + t + "]");
                    }
                }
                // The intercept makes the fit pass through the means.
                double[] xMean = new double[p];
                double[] yMean = new double[3];
                for (int i = 0; i < 15; i++) {
                    for (int k = 0; k < p; k++) {
                        xMean[k] += x[i][k] / 15;
                    }
                    for (int t = 0; t < 3; t++) {
                        yMean[t] += y[i][t] / 15;
                    }
                }
                double[] atMean = fit.predict(xMean);
                for (int t = 0; t < 3; t++) {
                    assertEquals(yMean[t], atMean[t], 1e-9);
                }
            }
        }
    }

    @Test
    void noPenaltyOnAWideDesignInterpolatesTheTrainingRows() {
        SplittableRandom r = new SplittableRandom(5);
        double[][] x = gaussian(r, 10, 30);
        double[][] y = gaussian(r, 10, 2);
        RidgeRegression.Fit fit = RidgeRegression.fit(x, y, 0);
        for (int i = 0; i < x.length; i++) {
            double[] p = fit.predict(x[i]);
            for (int t = 0; t < 2; t++) {
                assertEquals(y[i][t], p[t], 1e-8, "row " + i);
            }
        }
    }

    @Test
    void crossValidationFindsTheSignalOfManyCorrelatedInputs() {
        SplittableRandom r = new SplittableRandom(6);
        // Omics-like: 100 inputs driven by 3 factors plus noise, 40 rows (the wide form), y a map of the factors.
        double[][] loadings = gaussian(r, 3, 100);
        double[][][] data = new double[2][][];
        double[][][] targets = new double[2][][];
        for (int set = 0; set < 2; set++) {
            int n = set == 0 ? 40 : 200;
            data[set] = new double[n][100];
            targets[set] = new double[n][1];
            for (int i = 0; i < n; i++) {
                double[] f = {r.nextGaussian(), r.nextGaussian(), r.nextGaussian()};
                for (int k = 0; k < 100; k++) {
                    data[set][i][k] =
                            f[0] * loadings[0][k] + f[1] * loadings[1][k] + f[2] * loadings[2][k] + r.nextGaussian();
                }
                targets[set][i][0] = f[0] - 2 * f[1] + 0.5 * f[2];
            }
        }
        RidgeRegression.Selection s = RidgeRegression.select(data[0], targets[0], 1);
        double sse = 0;
        double sst = 0;
        for (int i = 0; i < 200; i++) {
            double e = targets[1][i][0] - s.fit().predict(data[1][i])[0];
            sse += e * e;
            sst += targets[1][i][0] * targets[1][i][0];
        }
        assertTrue(
                1 - sse / sst > 0.9,
                "held-out R² " + (1 - sse / sst) + " at alpha " + s.fit().alpha());
        assertTrue(
                s.fit().alpha() > 1e-4,
                "noisy inputs need a penalty, got alpha " + s.fit().alpha());
    }
}
