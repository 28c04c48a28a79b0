package dev.coherent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ClassificationsTest {
    @Test
    void macroAndWeightedF1OnAHandComputedCase() {
        // truth 0,0,0,1,1,2 ; predicted 0,0,1,1,2,2
        int[] truth = {0, 0, 0, 1, 1, 2};
        int[] pred = {0, 0, 1, 1, 2, 2};
        // class 0: tp2 fp0 fn1 -> 4/5; class 1: tp1 fp1 fn1 -> 2/4; class 2: tp1 fp1 fn0 -> 2/3
        assertEquals((0.8 + 0.5 + 2.0 / 3) / 3, Classifications.macroF1(truth, pred, 3), 1e-12);
        assertEquals((0.8 * 3 + 0.5 * 2 + 2.0 / 3) / 6, Classifications.weightedF1(truth, pred, 3), 1e-12);
    }

    @Test
    void classesAbsentFromTruthAndPredictionsAreSkippedInTheMacroAverage() {
        assertEquals(1.0, Classifications.macroF1(new int[] {1, 1}, new int[] {1, 1}, 4), 1e-12);
        assertEquals(0.0, Classifications.weightedF1(new int[] {0, 0}, new int[] {1, 1}, 2), 1e-12);
    }
}
