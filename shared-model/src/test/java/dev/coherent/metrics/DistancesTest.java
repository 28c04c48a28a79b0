package dev.coherent.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DistancesTest {

    @Test
    void energyDistanceOfTinySets() {
        // {0} vs {1}: 2·1 − 0 − 0 = 2.
        assertEquals(Math.sqrt(2), Distances.energyDistance(new float[][] {{0}}, new float[][] {{1}}), 1e-12);
        // {0,2} vs {1}: mean D_XY 1; V-statistic D_XX (0 + 2 + 2 + 0)/4 = 1; D_YY 0 -> √(2 − 1) = 1.
        assertEquals(1.0, Distances.energyDistance(new float[][] {{0}, {2}}, new float[][] {{1}}), 1e-12);
        // 2-D: {(0,0),(3,4)} vs {(0,0)}: D_XY mean 2.5, D_XX 2·5/4 = 2.5 -> √(5 − 2.5).
        assertEquals(
                Math.sqrt(2.5),
                Distances.energyDistance(new float[][] {{0, 0}, {3, 4}}, new float[][] {{0, 0}}),
                1e-12);
    }

    @Test
    void energyDistanceOfIdenticalSetsIsZero() {
        float[][] x = ManifoldsTest.gaussian(new Random(3), 30, 5, 0);
        assertEquals(0.0, Distances.energyDistance(x, x), 1e-6);
    }

    @Test
    void energyDistanceGrowsWithSeparation() {
        Random rnd = new Random(4);
        float[][] x = ManifoldsTest.gaussian(rnd, 40, 2, 0);
        float[][] y = ManifoldsTest.gaussian(rnd, 40, 2, 50);
        // Shift by 50 in each of 2 dimensions: about √(2 · 50√2) ≈ 11.9.
        double e = Distances.energyDistance(x, y);
        assertTrue(e > 11 && e < 13, "energy distance " + e);
    }

    @Test
    void energyDistanceMatchesGaussianShiftClosedForm() {
        Random rnd = new Random(5);
        int n = 3000;
        for (double mu : new double[] {1.0, 3.0}) {
            float[][] x = ManifoldsTest.gaussian(rnd, n, 1, 0);
            float[][] y = ManifoldsTest.gaussian(rnd, n, 1, mu);
            // E|X − X'| = 2/√π; X − Y ~ N(μ, 2): E|X − Y| = √2·(√(2/π)·e^{−μ²/4} + (μ/√2)·(2Φ(μ/√2) − 1)).
            double exx = 2 / Math.sqrt(Math.PI);
            double exy =
                    Math.sqrt(2) * (Math.sqrt(2 / Math.PI) * Math.exp(-mu * mu / 4) + mu / Math.sqrt(2) * erf(mu / 2));
            double expected = Math.sqrt(2 * exy - 2 * exx);
            // Sampling error of a 3000-point estimate is about 1%.
            assertEquals(expected, Distances.energyDistance(x, y), 0.03 * expected, "mu " + mu);
        }
    }

    @Test
    void closedFormHelperIsRight() {
        // 2Φ(z) − 1 = erf(z/√2); erf(1) = 0.8427007929497149.
        assertEquals(0.8427007929497149, erf(1), 1e-14);
    }

    @Test
    void dcrHandComputed() {
        float[][] train = {{0, 0}, {10, 0}};
        float[][] holdout = {{0, 3}};
        float[][] gen = {{0, 1}, {0, 2}, {0, 1.5f}, {10, 1}};
        Distances.Dcr dcr = Distances.dcr(gen, train, holdout);
        assertArrayEquals(new double[] {1, 2, 1.5, 1}, dcr.toTrain(), 1e-12);
        assertArrayEquals(new double[] {2, 1, 1.5, Math.sqrt(104)}, dcr.toHoldout(), 1e-12);
        // Sorted {1,1,1.5,2} -> 1.25; sorted {1,1.5,2,√104} -> 1.75.
        assertEquals(1.25, dcr.medianToTrain(), 1e-12);
        assertEquals(1.75, dcr.medianToHoldout(), 1e-12);
        // Closer to train: 1, 0, tie 0.5, 1 -> 2.5 / 4.
        assertEquals(0.625, dcr.shareCloserToTrain(), 1e-12);
    }

    /** erf by its Maclaurin series, accurate to double precision for |z| ≤ 3. */
    private static double erf(double z) {
        double term = z;
        double sum = z;
        for (int k = 1; k < 200; k++) {
            term *= -z * z / k;
            sum += term / (2 * k + 1);
        }
        return 2 / Math.sqrt(Math.PI) * sum;
    }
}
