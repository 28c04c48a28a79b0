package dev.coherent.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coherent.metrics.LinearBaseline;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

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
        assertTrue(onNoise.fit().alpha() > 100 * onSignal.fit().alpha(),
                "noise gets a far heavier penalty: " + onNoise.fit().alpha() + " vs " + onSignal.fit().alpha());
        assertTrue(norm(onNoise.fit()) < 0.5 * norm(RidgeRegression.fit(x, noise, 0)),
                "the penalty shrinks the noise fit's coefficients");
        assertTrue(onSignal.fit().alpha() <= 0.1, "signal gets a light one: " + onSignal.fit().alpha());
        assertTrue(onSignal.cvMse() < 0.1, "held-out error " + onSignal.cvMse());
        assertEquals(n, onSignal.residuals().length);
        assertThrows(IllegalArgumentException.class, () -> RidgeRegression.select(new double[2][1], new double[2][1], 1));
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
}
