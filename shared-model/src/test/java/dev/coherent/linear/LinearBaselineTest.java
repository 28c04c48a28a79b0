package dev.coherent.linear;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LinearBaselineTest {

    // x = {0,1,2,3}, y = {1,3,2,5}: x̄ 1.5, ȳ 2.75, Sxx 5, Sxy 5.5 -> slope 1.1, intercept 1.1.
    private static final float[][] X1 = {{0}, {1}, {2}, {3}};
    private static final float[][] Y1 = {{1}, {3}, {2}, {5}};

    @Test
    void solvesOneDimensionalLeastSquaresByHand() {
        LinearBaseline fit = LinearBaseline.fit(X1, Y1, 0);
        assertEquals(1.1, fit.coefficients()[0][0], 1e-12);
        assertEquals(1.1, fit.intercepts()[0], 1e-12);
        assertArrayEquals(new float[] {(float) (1.1 + 1.1 * 10)}, fit.predictRow(new float[] {10}), 1e-6f);
    }

    @Test
    void ridgeIsRelativeToDiagonalAndLeavesInterceptUnpenalized() {
        // λ = ridge · Sxx / p = 1 · 5, so slope = 5.5 / (5 + 5) = 0.55 and intercept = 2.75 − 1.5 · 0.55.
        LinearBaseline fit = LinearBaseline.fit(X1, Y1, 1.0);
        assertEquals(0.55, fit.coefficients()[0][0], 1e-12);
        assertEquals(1.925, fit.intercepts()[0], 1e-12);
        // Scaling x by 10 scales the slope down by 10 and leaves the intercept: the ridge is scale-free.
        float[][] x10 = {{0}, {10}, {20}, {30}};
        LinearBaseline fit10 = LinearBaseline.fit(x10, Y1, 1.0);
        assertEquals(0.055, fit10.coefficients()[0][0], 1e-12);
        assertEquals(1.925, fit10.intercepts()[0], 1e-12);
    }

    @Test
    void recoversExactMultiOutputLinearRelation() {
        // y0 = 2·x0 − 3·x1 + 0.5·x2 + 1; y1 = −x0 + 4·x2 − 2. Small integers keep every value exact in float.
        Random rnd = new Random(7);
        int n = 50;
        float[][] x = new float[n][3];
        float[][] y = new float[n][2];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 3; k++) {
                x[i][k] = rnd.nextInt(21) - 10;
            }
            y[i][0] = 2 * x[i][0] - 3 * x[i][1] + 0.5f * x[i][2] + 1;
            y[i][1] = -x[i][0] + 4 * x[i][2] - 2;
        }
        double[][] expected = {{2, -1}, {-3, 0}, {0.5, 4}};
        LinearBaseline exact = LinearBaseline.fit(x, y, 0);
        for (int k = 0; k < 3; k++) {
            assertArrayEquals(expected[k], exact.coefficients()[k], 1e-9);
        }
        assertArrayEquals(new double[] {1, -2}, exact.intercepts(), 1e-9);

        // The default ridge shrinks by about 1e-6 relative, still recovering the relation closely.
        LinearBaseline ridged = LinearBaseline.fit(x, y);
        for (int k = 0; k < 3; k++) {
            assertArrayEquals(expected[k], ridged.coefficients()[k], 1e-4);
        }
        float[][] pred = ridged.predict(new float[][] {{1, 1, 1}});
        assertArrayEquals(new float[] {0.5f, 1f}, pred[0], 1e-4f);
    }

    @Test
    void defaultRidgeHandlesCollinearInputs() {
        // x1 = 2·x0: singular without ridge, solvable with it; predictions still fit the data.
        float[][] x = {{0, 0}, {1, 2}, {2, 4}, {3, 6}};
        assertThrows(IllegalArgumentException.class, () -> LinearBaseline.fit(x, Y1, 0));
        LinearBaseline fit = LinearBaseline.fit(x, Y1);
        // Same fitted line as the 1-D case: y = 1.1 + 1.1·x0.
        assertArrayEquals(new float[] {(float) (1.1 + 1.1 * 3)}, fit.predictRow(new float[] {3, 6}), 1e-4f);
    }

    @Test
    void rejectsMismatchedShapes() {
        assertThrows(IllegalArgumentException.class, () -> LinearBaseline.fit(X1, new float[][] {{1}}));
        LinearBaseline fit = LinearBaseline.fit(X1, Y1);
        assertThrows(IllegalArgumentException.class, () -> fit.predictRow(new float[] {1, 2}));
    }
}
