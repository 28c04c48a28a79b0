package dev.coherent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DivergenceTest {

    /** {@code n} draws of {@code dim} features, N(mean, sd²) each. */
    private static float[][] draws(int n, int dim, double mean, double sd, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] d = new float[n][dim];
        for (float[] row : d) {
            for (int j = 0; j < dim; j++) {
                row[j] = (float) (mean + sd * random.nextGaussian());
            }
        }
        return d;
    }

    @Test
    void spreadIsTheMeanOverFeaturesOfThePopulationVarianceAcrossDraws() {
        // Feature 0: 1 and 3 (variance 1); feature 1: 0 and 0 (variance 0).
        assertEquals(0.5, Divergence.spread(new float[][] {{1, 0}, {3, 0}}), 1e-12);
        assertTrue(Double.isNaN(Divergence.spread(new float[][] {{1, 2}})), "one draw has no spread");
    }

    @Test
    void drawsAsWideAsTheTrainingDataAreKeptAndFourTimesWiderDiverge() {
        float[][] data = draws(10, 32, 0, 1, 1);
        assertFalse(Divergence.diverged(data));
        assertEquals(0, Divergence.divergedDraws(data));
        // An outlying patient far from the training mean but with a normal spread is not diverged.
        assertEquals(0, Divergence.divergedDraws(draws(10, 32, 4, 1, 2)));
        float[][] wide = draws(10, 32, 0, 2, 3);
        assertTrue(Divergence.diverged(wide), "spread " + Divergence.spread(wide));
        assertEquals(10, Divergence.divergedDraws(wide));
    }

    @Test
    void aNonFiniteValueDivergesEvenInASingleDrawAndOtherwiseOneDrawIsNeverJudged() {
        assertEquals(0, Divergence.divergedDraws(new float[][] {{100f, -100f}}));
        assertEquals(1, Divergence.divergedDraws(new float[][] {{Float.NaN, 0f}}));
        float[][] d = draws(4, 8, 0, 0.5, 4);
        d[2][3] = Float.POSITIVE_INFINITY;
        assertEquals(4, Divergence.divergedDraws(d));
    }

    @Test
    void theWarningNamesCountsSettingsAndTheSafeDefault() {
        String w = Divergence.warning(
                30, 400, "ddim, 100 steps, eta 0.0, variance fixed", "ddim, 50 steps, eta 1.0, variance auto");
        assertTrue(w.startsWith("30 of 400 draws diverged"), w);
        assertTrue(w.contains("more than 3 times the training data's variance"), w);
        assertTrue(w.contains("with sampler ddim, 100 steps, eta 0.0, variance fixed"), w);
        assertTrue(w.endsWith("the safe default is ddim, 50 steps, eta 1.0, variance auto"), w);
    }
}
