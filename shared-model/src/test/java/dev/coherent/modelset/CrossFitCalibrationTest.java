package dev.coherent.modelset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coherent.metrics.ConformalIntervals;
import dev.coherent.metrics.Moments;
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
     * scored, the deployed set's scores are 0.8 of theirs, so the pooled multipliers shrink by 0.8. The deployed set's other patients, scored far worse here, must not count, nor the
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
     * The deployed set is sharper than the fold sets in the body of its scores (those below 1 are 0.8
     * of theirs) and as wide above: the scale is the geometric mean of the central levels' quantile
     * ratios, 0.8 at the levels whose quantile lies below 1 and 1 at the others.
     */
    @Test
    void averagesTheQuantileRatiosOfTheCentralLevels() {
        IntervalCalibrator.HeldOutScores folds = scores(range(0, 200), 1);
        IntervalCalibrator.HeldOutScores deployed = scores(range(0, 200), 1);
        for (double[] byDraw : deployed.byDraws()) {
            for (int i = 0; i < byDraw.length; i++) {
                byDraw[i] = byDraw[i] < 1 ? 0.8 * byDraw[i] : byDraw[i];
            }
        }
        double[] scale = CrossFitCalibration.deployedScale(List.of(deployed), List.of(folds));
        for (int k = 0; k < scale.length; k++) {
            double[] quantiles = Moments.quantiles(folds.byDraws()[k], CrossFitCalibration.RATIO_LEVELS);
            long sharper = Arrays.stream(quantiles).filter(q -> q < 1).count();
            assertTrue(sharper > 0 && sharper < quantiles.length, "the test needs levels on both sides");
            assertEquals(Math.pow(0.8, (double) sharper / quantiles.length), scale[k], 1e-6);
        }
    }

    /** Scores beyond the 95% quantile (the few a small validation split has there) do not move the scale. */
    @Test
    void ignoresTheTailBeyondTheCentralLevels() {
        IntervalCalibrator.HeldOutScores folds = scores(range(0, 200), 1);
        IntervalCalibrator.HeldOutScores deployed = scores(range(0, 200), 1);
        for (int k = 0; k < deployed.byDraws().length; k++) {
            double far = Moments.quantiles(folds.byDraws()[k], 0.97)[0];
            double[] byDraw = deployed.byDraws()[k];
            for (int i = 0; i < byDraw.length; i++) {
                byDraw[i] = byDraw[i] > far ? 5 * byDraw[i] : byDraw[i];
            }
        }
        assertAll(CrossFitCalibration.deployedScale(List.of(deployed), List.of(folds)), 1);
    }

    /** The multipliers move by the scale, each draw count's by its own. */
    @Test
    void scalesEveryMultiplierOfATable() {
        IntervalCalibrator.HeldOutScores folds = scores(range(0, 100), 1);
        double[] scale = {0.5, 1, 2};
        List<IntervalCalibration> plain = folds.tables();
        List<IntervalCalibration> scaled = folds.tables(scale);
        for (int k = 0; k < scale.length; k++) {
            for (int l = 0; l < ConformalIntervals.LEVELS.length; l++) {
                assertEquals(
                        plain.get(k).multipliers()[l] * scale[k], scaled.get(k).multipliers()[l], 5e-4);
            }
        }
    }

    private static void assertAll(double[] scale, double expected) {
        for (double s : scale) {
            assertEquals(expected, s, 1e-9);
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
