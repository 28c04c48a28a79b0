package dev.coherent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RegressionsTest {

    private static final double TOL = 1e-12;

    // Feature 0: truth {1,2,3}, pred {1,2,4}: SS_tot 2, SS_res 1 -> 0.5.
    // Feature 1: truth {2,4,6}, pred {3,4,5}: SS_tot 8, SS_res 2 -> 0.75.
    private static final float[][] TRUTH = {{1, 2}, {2, 4}, {3, 6}};
    private static final float[][] PRED = {{1, 3}, {2, 4}, {4, 5}};

    @Test
    void perFeatureAveragesFeatureScores() {
        assertEquals(0.625, Regressions.r2PerFeature(TRUTH, PRED), TOL);
    }

    @Test
    void perFeatureIsOneForPerfectPrediction() {
        assertEquals(1.0, Regressions.r2PerFeature(TRUTH, TRUTH), TOL);
    }

    @Test
    void perFeatureFollowsScikitLearnForConstantTruth() {
        float[][] truth = {{5, 1}, {5, 2}, {5, 3}};
        // Constant feature predicted exactly: 1.0; second feature perfect: 1.0.
        assertEquals(1.0, Regressions.r2PerFeature(truth, new float[][] {{5, 1}, {5, 2}, {5, 3}}), TOL);
        // Constant feature missed: 0.0; second feature perfect: 1.0.
        assertEquals(0.5, Regressions.r2PerFeature(truth, new float[][] {{5, 1}, {5, 2}, {6, 3}}), TOL);
    }

    @Test
    void perFeatureCanBeNegative() {
        // Truth {0,2} mean 1, SS_tot 2; pred {2,0}: SS_res 8 -> 1 - 4 = -3.
        assertEquals(-3.0, Regressions.r2PerFeature(new float[][] {{0}, {2}}, new float[][] {{2}, {0}}), TOL);
    }

    @Test
    void perFeatureIsUndefinedForOneSample() {
        assertTrue(Double.isNaN(Regressions.r2PerFeature(new float[][] {{1}}, new float[][] {{1}})));
    }

    @Test
    void flatUsesScalarMeanOfAllEntries() {
        // Entries {1,2,2,4,3,6}: mean 3, SS_tot 16; SS_res 1 + 1 + 1 = 3 -> 13/16.
        assertEquals(0.8125, Regressions.r2Flat(TRUTH, PRED), TOL);
    }

    @Test
    void perRowMatchesReferenceFormula() {
        // Row {1,2} vs {1,3}: SS_tot 0.5, SS_res 1. Row {2,4} exact. Row {3,6} vs {4,5}: SS_tot 4.5, SS_res 2.
        double expected = ((1 - 1 / (0.5 + 1e-8)) + 1 + (1 - 2 / (4.5 + 1e-8))) / 3;
        assertEquals(expected, Regressions.r2PerRow(TRUTH, PRED), TOL);
    }

    @Test
    void drawVariantsAverageSingleDrawScores() {
        float[][][] draws = {PRED, TRUTH};
        assertEquals((0.625 + 1) / 2, Regressions.r2PerFeatureOfDraws(TRUTH, draws), TOL);
        assertEquals((0.8125 + 1) / 2, Regressions.r2FlatOfDraws(TRUTH, draws), TOL);
    }

    @Test
    void rejectsMismatchedShapes() {
        assertThrows(
                IllegalArgumentException.class, () -> Regressions.r2PerFeature(TRUTH, new float[][] {{1, 2}, {3, 4}}));
        assertThrows(
                IllegalArgumentException.class,
                () -> Regressions.r2FlatOfDraws(TRUTH, new float[][][] {PRED, {{1}, {2}, {3}}}));
    }
}
