package dev.coherent.modelset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
     * scored, the deployed set's scores are 0.8 of theirs, so the pooled scores shrink by 0.8. The
     * deployed set's other patients, scored far worse here, must not count, nor the fold sets' others.
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
        double[] scale = CrossFitCalibration.deployedScale(List.of(deployed), List.of(folds));
        for (double s : scale) {
            assertEquals(0.8, s, 1e-9);
        }
    }

    @Test
    void keepsThePooledScoresWhenTooFewPatientsWereScoredByBoth() {
        double[] unchanged = new double[IntervalCalibrator.DRAWS.length];
        Arrays.fill(unchanged, 1);
        IntervalCalibrator.HeldOutScores folds = scores(range(0, 60), 1);
        int few = IntervalCalibrator.MIN_PATIENTS - 1;
        assertArrayEquals(
                unchanged,
                CrossFitCalibration.deployedScale(List.of(scores(range(60 - few, 60 + 30), 0.5)), List.of(folds)));
        assertArrayEquals(
                unchanged, CrossFitCalibration.deployedScale(Collections.singletonList(null), List.of(folds)));
        assertEquals(
                0.5,
                CrossFitCalibration.deployedScale(List.of(scores(range(60 - few - 1, 60 + 30), 0.5)), List.of(folds))[
                        0],
                1e-9);
    }

    /** Rows drawn by one denoiser are measured together: six patients each, too few alone, twelve in all. */
    @Test
    void measuresTheRowsOfOneDenoiserTogether() {
        IntervalCalibrator.HeldOutScores first = scores(range(0, 6), 1);
        IntervalCalibrator.HeldOutScores second = scores(range(100, 106), 1);
        assertEquals(1, CrossFitCalibration.deployedScale(List.of(scores(range(0, 6), 0.7)), List.of(first))[0]);
        double[] together = CrossFitCalibration.deployedScale(
                List.of(scores(range(0, 6), 0.7), scores(range(100, 106), 0.7)), List.of(first, second));
        for (double s : together) {
            assertEquals(0.7, s, 1e-9);
        }
    }
}
