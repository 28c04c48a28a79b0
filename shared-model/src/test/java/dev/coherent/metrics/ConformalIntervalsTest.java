package dev.coherent.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ConformalIntervalsTest {
    private static final int DIM = 8;
    private static final int DRAWS = 10;

    /**
     * Patients whose truth is N(μ, 1) per feature around a patient-specific μ, and a sampler whose
     * draws are N(μ, spread²): the draws' mean is right, their spread is not. Draws are indexed
     * [draw][patient][feature], as {@link ProbabilisticScores} takes them; row 0 of {@code truth}
     * holds the truths.
     */
    private static float[][][] draws(int patients, double spread, float[][] truth, Random random) {
        float[][][] out = new float[DRAWS][patients][DIM];
        for (int i = 0; i < patients; i++) {
            for (int j = 0; j < DIM; j++) {
                double mu = random.nextGaussian() * 2;
                truth[i][j] = (float) (mu + random.nextGaussian());
                for (int d = 0; d < DRAWS; d++) {
                    out[d][i][j] = (float) (mu + spread * random.nextGaussian());
                }
            }
        }
        return out;
    }

    /** Per level of {@link ConformalIntervals#LEVELS}, the multiplier calibrated on {@code patients} patients. */
    private static double[] calibrate(int patients, double spread, Random random) {
        float[][] truth = new float[patients][DIM];
        float[][][] draws = draws(patients, spread, truth, random);
        DrawSummary s = DrawSummary.of(draws, 0.5);
        double[] scores = new double[patients * DIM];
        for (int i = 0; i < patients; i++) {
            for (int j = 0; j < DIM; j++) {
                scores[i * DIM + j] = ConformalIntervals.score(truth[i][j], s.mean()[i][j], s.std()[i][j]);
            }
        }
        return ConformalIntervals.multipliers(scores, patients, ConformalIntervals.LEVELS);
    }

    private static double[] atScoredLevels(double[] table) {
        double[] out = new double[ProbabilisticScores.LEVELS.length];
        for (int l = 0; l < out.length; l++) {
            out[l] = ConformalIntervals.multiplierAt(ConformalIntervals.LEVELS, table, ProbabilisticScores.LEVELS[l]);
        }
        return out;
    }

    @Test
    void aTooNarrowGaussianSamplerCoversItsStatedLevelOnFreshPatientsOnceCalibrated() {
        Random random = new Random(11);
        double spread = 0.4;
        double[] table = calibrate(300, spread, random);
        int fresh = 3000;
        float[][] truth = new float[fresh][DIM];
        float[][][] draws = draws(fresh, spread, truth, random);
        ProbabilisticScores raw = ProbabilisticScores.of(draws, truth);
        ProbabilisticScores calibrated = raw.withMultipliers(draws, truth, atScoredLevels(table));
        for (double level : ProbabilisticScores.LEVELS) {
            // The draws' own interval is 0.4 as wide as it should be: it covers far less than stated.
            assertTrue(raw.coverageAt(level) < level - 0.25, "raw " + level + ": " + raw.coverageAt(level));
            assertEquals(level, calibrated.coverageAt(level), 0.02, "calibrated at " + level);
        }
        // The CRPS and energy score do not depend on intervals.
        assertEquals(raw.crps(), calibrated.crps());
        assertEquals(raw.energy(), calibrated.energy());
    }

    @Test
    void aTooWideSamplerIsNarrowedToItsLevel() {
        Random random = new Random(12);
        double[] table = calibrate(300, 3, random);
        int fresh = 3000;
        float[][] truth = new float[fresh][DIM];
        float[][][] draws = draws(fresh, 3, truth, random);
        ProbabilisticScores raw = ProbabilisticScores.of(draws, truth);
        ProbabilisticScores calibrated = raw.withMultipliers(draws, truth, atScoredLevels(table));
        assertTrue(raw.coverageAt(0.5) > 0.7, "raw 50%: " + raw.coverageAt(0.5));
        for (double level : ProbabilisticScores.LEVELS) {
            assertEquals(level, calibrated.coverageAt(level), 0.02, "calibrated at " + level);
            assertTrue(calibrated.widthAt(level) < raw.widthAt(level), "narrower at " + level);
        }
    }

    @Test
    void theMultiplierIsTheSplitConformalQuantileWithItsFiniteSampleCorrection() {
        // Ten patients of one feature scoring 1..10: the ⌈(n + 1)ℓ⌉-th smallest, the largest past 1.
        double[] scores = {7, 3, 10, 1, 5, 9, 2, 8, 4, 6};
        assertArrayEquals(
                new double[] {6, 9, 10, 10},
                ConformalIntervals.multipliers(scores, 10, new double[] {0.5, 0.8, 0.9, 0.95}));
        // Pooled features: ten patients of two features need the (n + 1)ℓ / n share of the 20 scores.
        double[] pooled = new double[20];
        for (int i = 0; i < 20; i++) {
            pooled[i] = i + 1;
        }
        assertArrayEquals(new double[] {11, 18}, ConformalIntervals.multipliers(pooled, 10, new double[] {0.5, 0.8}));
    }

    @Test
    void levelsBetweenTheTablesAreInterpolatedAndThoseAboveItAreNot() {
        double[] levels = {0.5, 0.9, 0.95};
        double[] q = {1, 2, 3};
        assertEquals(2, ConformalIntervals.multiplierAt(levels, q, 0.9));
        assertEquals(1.5, ConformalIntervals.multiplierAt(levels, q, 0.7), 1e-12);
        assertEquals(0.5, ConformalIntervals.multiplierAt(levels, q, 0.25), 1e-12);
        assertTrue(Double.isNaN(ConformalIntervals.multiplierAt(levels, q, 0.99)));
        assertTrue(Double.isNaN(ConformalIntervals.multiplierAt(levels, q, 0)));
    }

    @Test
    void aZeroSpreadScoresAFiniteNumber() {
        assertEquals(ConformalIntervals.MAX_SCORE, ConformalIntervals.score(1, 0, 0));
        assertEquals(0, ConformalIntervals.score(1, 1, 0));
        assertEquals(2, ConformalIntervals.score(-3, 1, 2));
    }
}
