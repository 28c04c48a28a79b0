package dev.coherent.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DrawSummaryTest {

    private static final float TOL = 1e-6f;

    // One patient, five draws, two features: feature 0 takes {3,1,4,1,5}, feature 1 {40,0,20,10,30}.
    private static final float[][] PATIENT = {{3, 40}, {1, 0}, {4, 20}, {1, 10}, {5, 30}};

    @Test
    void rowSummaryMatchesNumpy() {
        RowSummary s = DrawSummary.ofRow(PATIENT, 0.9);
        // Means 2.8 and 20; population variances 12.8/5 = 2.56 and 1000/5 = 200.
        assertArrayEquals(new float[] {2.8f, 20f}, s.mean(), TOL);
        assertArrayEquals(new float[] {1.6f, (float) Math.sqrt(200)}, s.std(), TOL);
        // Sorted {1,1,3,4,5}: q0.05 at h = 0.2 -> 1; q0.95 at h = 3.8 -> 4 + 0.8 = 4.8.
        // Sorted {0,10,20,30,40}: q0.05 -> 2; q0.95 -> 38.
        assertArrayEquals(new float[] {1f, 2f}, s.lower(), TOL);
        assertArrayEquals(new float[] {4.8f, 38f}, s.upper(), TOL);
    }

    @Test
    void levelSetsQuantiles() {
        RowSummary s = RowSummary.of(PATIENT, 0.5);
        // q0.25 at h = 1 and q0.75 at h = 3.
        assertArrayEquals(new float[] {1f, 10f}, s.lower(), TOL);
        assertArrayEquals(new float[] {4f, 30f}, s.upper(), TOL);
        RowSummary full = RowSummary.of(PATIENT, 1.0);
        assertArrayEquals(new float[] {1f, 0f}, full.lower(), TOL);
        assertArrayEquals(new float[] {5f, 40f}, full.upper(), TOL);
    }

    @Test
    void cohortSummaryEqualsRowSummaryPerSample() {
        // Draw r of sample 0 is PATIENT[r]; sample 1 is sample 0 shifted by 100.
        float[][][] draws = new float[PATIENT.length][2][2];
        for (int r = 0; r < PATIENT.length; r++) {
            for (int j = 0; j < 2; j++) {
                draws[r][0][j] = PATIENT[r][j];
                draws[r][1][j] = PATIENT[r][j] + 100;
            }
        }
        DrawSummary s = DrawSummary.of(draws, 0.9);
        assertArrayEquals(new float[] {2.8f, 20f}, s.mean()[0], TOL);
        assertArrayEquals(new float[] {102.8f, 120f}, s.mean()[1], 1e-4f);
        assertArrayEquals(new float[] {1.6f, (float) Math.sqrt(200)}, s.std()[1], 1e-4f);
        assertArrayEquals(new float[] {101f, 102f}, s.lower()[1], 1e-4f);
        assertArrayEquals(new float[] {104.8f, 138f}, s.upper()[1], 1e-4f);
        // The input draws are left untouched (sorting works on copies).
        assertEquals(3f, draws[0][0][0]);
    }

    @Test
    void rejectsBadLevel() {
        assertThrows(IllegalArgumentException.class, () -> RowSummary.of(PATIENT, 1.5));
        assertThrows(IllegalArgumentException.class, () -> DrawSummary.of(new float[][][] {PATIENT}, -0.1));
    }
}
