package dev.coherent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ManifoldsTest {

    private static final double TOL = 1e-12;

    // Real: three corners of the unit square; with k = 1 every real radius is 1.
    private static final float[][] REAL = {{0, 0}, {1, 0}, {0, 1}};

    @Test
    void handComputedTwoDimensionalCase() {
        // Generated radii (k = 1): (0.5,0) and (0.6,0) -> 0.1; (1,1) -> |(1,1) − (0.6,0)| = √1.16.
        float[][] gen = {{0.5f, 0}, {1, 1}, {0.6f, 0}};
        Manifolds.PrecisionRecall pr = Manifolds.precisionRecall(REAL, gen, 1);
        // (0.5,0), (0.6,0) lie inside the (0,0) ball; (1,1) sits exactly on the (1,0) and (0,1) balls: outside.
        assertEquals(2.0 / 3, pr.precision(), TOL);
        // (1,0) and (0,1) are at distance 1 < √1.16 from (1,1); (0,0) is at √2 from it and 0.5 from the rest.
        assertEquals(2.0 / 3, pr.recall(), TOL);
        assertEquals(2 * (4.0 / 9) / (4.0 / 3 + 1e-8), pr.f1(), TOL);
        assertEquals(1, pr.k());
    }

    @Test
    void radiusUsesKthOtherPoint() {
        // k = 2: real radii are 1 for (0,0) and √2 for (1,0) and (0,1).
        // (1,1) is at distance 1 < √2 from (1,0): inside now. (3,3) is outside every ball.
        float[][] gen = {{1, 1}, {3, 3}, {0.5f, 0.5f}};
        Manifolds.PrecisionRecall pr = Manifolds.precisionRecall(REAL, gen, 2);
        assertEquals(2.0 / 3, pr.precision(), TOL);
        // Generated radii (k = 2): (1,1) -> |(1,1)−(3,3)| = √8; (3,3) -> √8; (0.5,0.5) -> √12.5.
        // All real points are within √2 of (1,1) < √8: recall 1.
        assertEquals(1.0, pr.recall(), TOL);
    }

    @Test
    void identicalSetsScoreOne() {
        float[][] pts = gaussian(new Random(1), 60, 4, 0);
        Manifolds.PrecisionRecall pr = Manifolds.precisionRecall(pts, pts, 3);
        assertEquals(1.0, pr.precision(), TOL);
        assertEquals(1.0, pr.recall(), TOL);
        assertEquals(2.0 / (2 + 1e-8), pr.f1(), TOL);
    }

    @Test
    void farApartSetsScoreZero() {
        Random rnd = new Random(2);
        Manifolds.PrecisionRecall pr = Manifolds.precisionRecall(gaussian(rnd, 40, 3, 0), gaussian(rnd, 50, 3, 100), 5);
        assertEquals(0.0, pr.precision(), 0.0);
        assertEquals(0.0, pr.recall(), 0.0);
        assertEquals(0.0, pr.f1(), 0.0);
    }

    @Test
    void rejectsBadK() {
        assertThrows(IllegalArgumentException.class, () -> Manifolds.precisionRecall(REAL, REAL, 3));
        assertThrows(IllegalArgumentException.class, () -> Manifolds.precisionRecall(REAL, REAL, 0));
    }

    static float[][] gaussian(Random rnd, int n, int d, double shift) {
        float[][] m = new float[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                m[i][j] = (float) (rnd.nextGaussian() + shift);
            }
        }
        return m;
    }
}
