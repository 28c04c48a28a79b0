package dev.coherent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ProbabilisticScoresTest {

    @Test
    void crpsOfHandMadeDrawsMatchesItsDefinition() {
        // Draws {0, 1, 3}, truth 1: mean|x − y| = (1 + 0 + 2)/3 = 1; pairs |x − x'| over all 9 ordered
        // pairs sum to 2·(1 + 3 + 2) = 12, so ½·12/9 = 2/3; CRPS = 1 − 2/3.
        assertEquals(1.0 / 3, ProbabilisticScores.crpsOfOne(new double[] {3, 0, 1}, 1), 1e-12);
        // One draw: the absolute error.
        assertEquals(2.5, ProbabilisticScores.crpsOfOne(new double[] {-1.5}, 1), 1e-12);
    }

    /**
     * Draws from N(0, 1) scored against N(0, 1) truth: the expected CRPS is 1/√π (Gneiting and
     * Raftery 2007, eq. 21), the 90% interval covers 90%, and an over-confident sampler (sd 0.3)
     * covers less and scores worse on both proper scores.
     */
    @Test
    void aCalibratedSamplerCoversItsLevelsAndScoresBetterThanAnOverconfidentOne() {
        SplittableRandom random = new SplittableRandom(2);
        int draws = 200;
        int samples = 400;
        int dim = 4;
        float[][] truth = new float[samples][dim];
        float[][][] good = new float[draws][samples][dim];
        float[][][] narrow = new float[draws][samples][dim];
        for (int i = 0; i < samples; i++) {
            for (int j = 0; j < dim; j++) {
                truth[i][j] = (float) random.nextGaussian();
                for (int r = 0; r < draws; r++) {
                    double z = random.nextGaussian();
                    good[r][i][j] = (float) z;
                    narrow[r][i][j] = (float) (0.3 * z);
                }
            }
        }
        ProbabilisticScores g = ProbabilisticScores.of(good, truth);
        ProbabilisticScores n = ProbabilisticScores.of(narrow, truth);
        assertEquals(1 / Math.sqrt(Math.PI), g.crps(), 0.02);
        for (double level : ProbabilisticScores.LEVELS) {
            assertEquals(level, g.coverageAt(level), 0.03, "coverage at " + level);
            assertTrue(n.coverageAt(level) < level - 0.2, "narrow draws under-cover at " + level);
        }
        assertEquals(2 * 1.6449, g.widthAt(0.9), 0.1);
        assertTrue(n.crps() > g.crps() + 0.05, n.crps() + " vs " + g.crps());
        assertTrue(n.energy() > g.energy() + 0.1, n.energy() + " vs " + g.energy());
        assertThrows(IllegalArgumentException.class, () -> g.coverageAt(0.7));
    }
}
