package dev.coherent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class IntervalsTest {

    @Test
    void coverageCountsInclusiveBounds() {
        float[][] truth = {{1, 2}, {3, 4}};
        float[][] lower = {{0, 2}, {3.5f, 0}};
        float[][] upper = {{1, 3}, {5, 3}};
        // 1 in [0,1] and 2 in [2,3] (both on a bound); 3 below [3.5,5]; 4 above [0,3].
        assertEquals(0.5, Intervals.coverage(truth, lower, upper), 1e-12);
    }

    @Test
    void variancePctDividesDrawVarianceByTruthVariance() {
        // Two draws, two samples, two features. Per-cell variances across draws:
        // (0,0): {0,2} -> 1; (0,1): {1,1} -> 0; (1,0): {1,1} -> 0; (1,1): {0,4} -> 4. Mean 5/4.
        float[][][] draws = {{{0, 1}, {1, 0}}, {{2, 1}, {1, 4}}};
        // Truth variances across samples: {0,4} -> 4 and {0,2} -> 1. Mean 5/2.
        float[][] truth = {{0, 0}, {4, 2}};
        assertEquals(50.0, Intervals.variancePct(draws, truth), 1e-12);
    }

    @Test
    void variancePctIsZeroForIdenticalDraws() {
        float[][] truth = {{0, 0}, {4, 2}};
        assertEquals(0.0, Intervals.variancePct(new float[][][] {truth, truth, truth}, truth), 0.0);
    }
}
