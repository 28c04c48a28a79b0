package dev.coherent.modelset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coherent.metrics.ConformalIntervals;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CrossFitCalibrationTest {
    private static final int DIM = 8;

    /** Scores of {@code patients}, each feature's |N(0, 1)| times {@code scale}, the same stream per patient. */
    private static IntervalCalibrator.HeldOutScores scores(int[] patients, double scale) {
        double[][] byDraws = new double[IntervalCalibrator.DRAWS.length][patients.length * DIM];
        for (int k = 0; k < byDraws.length; k++) {
            for (int p = 0; p < patients.length; p++) {
                SplittableRandom random = new SplittableRandom(patients[p] * 31L + k);
                for (int j = 0; j < DIM; j++) {
                    byDraws[k][p * DIM + j] = scale * Math.abs(random.nextGaussian());
                }
            }
        }
        return new IntervalCalibrator.HeldOutScores(patients, byDraws);
    }

    private static int[] range(int from, int to) {
        return IntStream.range(from, to).toArray();
    }

    /**
     * The fold sets' errors are larger than the deployed set's: on the validation patients both
     * scored, the deployed set's scores are 0.8 of theirs, so the pooled multipliers shrink by 0.8 at
     * every level. The deployed set's other patients, scored far worse here, must not count, nor the
     * fold sets' others.
     */
    @Test
    void scalesThePooledScoresToTheDeployedSetOnThePatientsBothScored() {
        IntervalCalibrator.HeldOutScores folds = scores(range(0, 60), 1);
        int[] validation = range(40, 90);
        IntervalCalibrator.HeldOutScores deployed = scores(validation, 0.8);
        for (int k = 0; k < deployed.byDraws().length; k++) {
            for (int p = 20 * DIM; p < validation.length * DIM; p++) {
                deployed.byDraws()[k][p] *= 50; // patients 60-89: not among the folds' patients
            }
        }
        assertAll(CrossFitCalibration.deployedScale(List.of(deployed), List.of(folds)), 0.8);
    }

    /**
     * The deployed set is sharper than the fold sets in the body of its scores (those below 1 are
     * 0.8 of theirs) and as wide in the tail: one ratio (the medians') would narrow the 95% interval
     * too; per level, the median's multiplier shrinks by 0.8 and the 95% one stays.
     */
    @Test
    void scalesEachLevelByTheRatioOfThatLevelsQuantiles() {
        IntervalCalibrator.HeldOutScores folds = scores(range(0, 200), 1);
        IntervalCalibrator.HeldOutScores deployed = scores(range(0, 200), 1);
        for (double[] byDraw : deployed.byDraws()) {
            for (int i = 0; i < byDraw.length; i++) {
                byDraw[i] = byDraw[i] < 1 ? 0.8 * byDraw[i] : byDraw[i];
            }
        }
        double[][] scale = CrossFitCalibration.deployedScale(List.of(deployed), List.of(folds));
        int median = Arrays.binarySearch(ConformalIntervals.LEVELS, 0.5);
        int ninetyFive = Arrays.binarySearch(ConformalIntervals.LEVELS, 0.95);
        for (double[] byLevel : scale) {
            assertEquals(0.8, byLevel[median], 1e-9);
            assertEquals(1, byLevel[ninetyFive], 1e-9);
        }
    }

    /** A level whose ratio is far below its neighbours' still gets a multiplier no smaller than the level below's. */
    @Test
    void scaledMultipliersStayNonDecreasingInTheLevel() {
        IntervalCalibrator.HeldOutScores folds = scores(range(0, 100), 1);
        double[][] scale = new double[IntervalCalibrator.DRAWS.length][ConformalIntervals.LEVELS.length];
        for (double[] byLevel : scale) {
            Arrays.fill(byLevel, 1);
        }
        int ninety = Arrays.binarySearch(ConformalIntervals.LEVELS, 0.9);
        for (double[] byLevel : scale) {
            byLevel[ninety] = 0.2;
        }
        for (IntervalCalibration table : folds.tables(scale)) {
            double[] q = table.multipliers();
            for (int l = 1; l < q.length; l++) {
                assertTrue(q[l] >= q[l - 1], "level " + table.levels()[l]);
            }
            assertEquals(q[ninety - 1], q[ninety]);
            assertTrue(q[ninety + 1] > q[ninety]);
        }
    }

    private static void assertAll(double[][] scale, double expected) {
        for (double[] byLevel : scale) {
            for (double s : byLevel) {
                assertEquals(expected, s, 1e-9);
            }
        }
    }

    @Test
    void keepsThePooledScoresWhenTooFewPatientsWereScoredByBoth() {
        IntervalCalibrator.HeldOutScores folds = scores(range(0, 60), 1);
        int few = IntervalCalibrator.MIN_PATIENTS - 1;
        assertAll(CrossFitCalibration.deployedScale(List.of(scores(range(60 - few, 60 + 30), 0.5)), List.of(folds)), 1);
        assertAll(CrossFitCalibration.deployedScale(Collections.singletonList(null), List.of(folds)), 1);
        assertAll(
                CrossFitCalibration.deployedScale(List.of(scores(range(60 - few - 1, 60 + 30), 0.5)), List.of(folds)),
                0.5);
    }

    /** Rows drawn by one denoiser are measured together: six patients each, too few alone, twelve in all. */
    @Test
    void measuresTheRowsOfOneDenoiserTogether() {
        IntervalCalibrator.HeldOutScores first = scores(range(0, 6), 1);
        IntervalCalibrator.HeldOutScores second = scores(range(100, 106), 1);
        assertAll(CrossFitCalibration.deployedScale(List.of(scores(range(0, 6), 0.7)), List.of(first)), 1);
        assertAll(
                CrossFitCalibration.deployedScale(
                        List.of(scores(range(0, 6), 0.7), scores(range(100, 106), 0.7)), List.of(first, second)),
                0.7);
    }
}
