package dev.coherent.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coherent.cohort.Cohort;
import dev.coherent.cohort.CohortFormatException;
import dev.coherent.cohort.ModalityMatrix;
import dev.coherent.cohort.Sample;
import dev.coherent.cohort.Split;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each preprocessing step on small hand-made matrices, fitted on the training rows only. */
class PreprocessorFitterTest {
    private static final float NA = Float.NaN;
    private static final double EPS = 1e-5;

    /** A one-modality cohort; {@code splits[i]} for row i, a {@code null} row = patient lacks the modality. */
    private static Cohort cohort(List<String> features, float[][] rows, Split... splits) {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            samples.add(new Sample("P" + i, null, splits[i], Map.of()));
        }
        return new Cohort("hand", samples, Map.of("m", new ModalityMatrix("m", features, rows)));
    }

    private static int[] train(Cohort c) {
        return c.indices(Split.TRAIN);
    }

    private static float log2p1(double x) {
        return (float) (Math.log(x + 1) / Math.log(2));
    }

    @Test
    void countsBecomeLog2CpmAndTheCpmFilterLooksOnlyAtTrainingPatients() {
        // Gene c is expressed (CPM >= 1) only in the test patient: the filter must drop it.
        Cohort c = cohort(
                List.of("a", "b", "c"),
                new float[][] {
                    {300_000, 700_000, 0},
                    {500_000, 500_000, 0},
                    {999_999.5f, 0.5f, 0},
                    {100, 100, 800},
                },
                Split.TRAIN,
                Split.TRAIN,
                Split.TRAIN,
                Split.TEST);
        PreprocessorFitter.Fitted f = PreprocessorFitter.fit(
                c, "m", train(c), PreprocessingSpec.of(Recipe.COUNTS).withCpmFilter(1, 0.5));
        // b reaches CPM 1 in 2 of 3 training patients (>= 0.5), a in all of them, c in none.
        assertEquals(List.of("a", "b"), f.parameters().features());
        assertEquals(List.of("a", "b", "c"), f.parameters().inputFeatures());
        assertArrayEquals(new float[] {log2p1(300_000), log2p1(700_000)}, f.rows()[0], 1e-4f);
        // The library size of the test patient includes gene c: CPM of a = 100/1000 * 1e6.
        assertArrayEquals(new float[] {log2p1(100_000), log2p1(100_000)}, f.rows()[3], 1e-4f);
        PreprocessorFitter.Fitted strict = PreprocessorFitter.fit(
                c, "m", train(c), PreprocessingSpec.of(Recipe.COUNTS).withCpmFilter(1, 0.9));
        assertEquals(List.of("a"), strict.parameters().features());
    }

    @Test
    void logRatioMakesZeroMissingAndClipsToTwo() {
        assertTrue(Float.isNaN(Recipes.logRatio(0)));
        assertTrue(Float.isNaN(Recipes.logRatio(-1)));
        assertEquals(0f, Recipes.logRatio(2));
        assertEquals(1f, Recipes.logRatio(4));
        assertEquals(2f, Recipes.logRatio(8));
        assertEquals(2f, Recipes.logRatio(64));
        assertEquals(-2f, Recipes.logRatio(0.25f)); // log2(0.125) = -3, clipped
        Cohort c = cohort(
                List.of("g1", "g2"),
                new float[][] {{2, 8}, {4, 0}, {1, 64}, {0.5f, 2}},
                Split.TRAIN,
                Split.TRAIN,
                Split.TRAIN,
                Split.TRAIN);
        PreprocessorFitter.Fitted f = PreprocessorFitter.fit(
                c,
                "m",
                train(c),
                PreprocessingSpec.of(Recipe.LOG_RATIO)
                        .withImpute(CellImputation.MEDIAN, 5)
                        .withMaxMissing(0.5));
        // g2 of patient 1 was 0: missing, then filled with the training median of g2 (2, 2, 0 -> 2).
        assertArrayEquals(new float[] {1, 2}, f.rows()[1], 1e-6f);
        assertArrayEquals(new float[] {0, 2}, f.rows()[0], 1e-6f);
        assertArrayEquals(new float[] {-2, 0}, f.rows()[3], 1e-6f);
    }

    @Test
    void callsAreKeptAsTheyAre() {
        Cohort c = cohort(
                List.of("x", "y"), new float[][] {{-2, 1}, {0, 2}, {1, -1}}, Split.TRAIN, Split.TRAIN, Split.TEST);
        PreprocessorFitter.Fitted f = PreprocessorFitter.fit(
                c, "m", train(c), PreprocessingSpec.of(Recipe.CALLS).withImpute(CellImputation.MEDIAN, 5));
        assertArrayEquals(new float[] {-2, 1}, f.rows()[0]);
        assertArrayEquals(new float[] {1, -1}, f.rows()[2]);
        assertNull(f.parameters().centers());
    }

    @Test
    void medianCenteringSubtractsTheTrainingMedianOnly() {
        // Training medians: p = 2, q = 20; the test patient's 100 must not move them.
        Cohort c = cohort(
                List.of("p", "q"),
                new float[][] {{1, 10}, {2, 20}, {3, 40}, {100, 100}},
                Split.TRAIN,
                Split.TRAIN,
                Split.TRAIN,
                Split.TEST);
        PreprocessorFitter.Fitted f =
                PreprocessorFitter.fit(c, "m", train(c), PreprocessingSpec.of(Recipe.MEDIAN_CENTER));
        assertArrayEquals(new double[] {2, 20}, f.parameters().centers(), EPS);
        assertArrayEquals(new float[] {-1, -10}, f.rows()[0]);
        assertArrayEquals(new float[] {98, 80}, f.rows()[3]);
        assertArrayEquals(new double[] {0, 0}, f.parameters().medians(), EPS);
    }

    @Test
    void featuresMissingInTooManyTrainingPatientsAreDropped() {
        // Of 5 training patients, b misses 1 (0.2), c misses 0 training cells but all test ones.
        Cohort c = cohort(
                List.of("a", "b", "c"),
                new float[][] {
                    {1, NA, 1}, {2, 2, 2}, {3, 3, 3}, {4, 4, 4}, {5, 5, 5}, {6, 6, NA}, {7, 7, NA},
                },
                Split.TRAIN,
                Split.TRAIN,
                Split.TRAIN,
                Split.TRAIN,
                Split.TRAIN,
                Split.TEST,
                Split.TEST);
        PreprocessorFitter.Fitted f = PreprocessorFitter.fit(
                c, "m", train(c), PreprocessingSpec.of(Recipe.NONE).withMaxMissing(0.2));
        assertEquals(List.of("a", "c"), f.parameters().features(), "0.2 missing is not below 0.2: dropped");
        PreprocessorFitter.Fitted loose = PreprocessorFitter.fit(
                c, "m", train(c), PreprocessingSpec.of(Recipe.NONE).withMaxMissing(0.25));
        assertEquals(List.of("a", "b", "c"), loose.parameters().features());
        CohortFormatException e = assertThrows(
                CohortFormatException.class,
                () -> PreprocessorFitter.fit(
                        cohort(
                                List.of("z"),
                                new float[][] {
                                    {
                                        NA,
                                    },
                                    {1}
                                },
                                Split.TRAIN,
                                Split.TRAIN),
                        "m",
                        new int[] {0, 1},
                        PreprocessingSpec.of(Recipe.NONE).withMaxMissing(0.5)));
        assertTrue(e.getMessage().contains("no feature survives"), e.getMessage());
    }

    @Test
    void knnFillsFromTheNearestTrainingRowsOnly() {
        // Patient 4 (test) lacks f2. Its nearest training rows on f1/f3 are 0 and 1 (f2 = 10, 20);
        // with k = 2 it gets 15. The other test patient (5), closer still, must never be a donor.
        Cohort c = cohort(
                List.of("f1", "f2", "f3"),
                new float[][] {
                    {1.0f, 10, 1.0f},
                    {1.1f, 20, 1.1f},
                    {5.0f, 50, 5.0f},
                    {6.0f, 60, 6.0f},
                    {1.05f, NA, 1.05f},
                    {1.05f, 999, 1.05f},
                },
                Split.TRAIN,
                Split.TRAIN,
                Split.TRAIN,
                Split.TRAIN,
                Split.TEST,
                Split.TEST);
        PreprocessorFitter.Fitted f = PreprocessorFitter.fit(
                c, "m", train(c), PreprocessingSpec.of(Recipe.NONE).withImpute(CellImputation.KNN, 2));
        assertEquals(15f, f.rows()[4][1], 1e-5f);
        assertEquals(1.05f, f.rows()[4][0]);
        PreprocessorFitter.Fitted one = PreprocessorFitter.fit(
                c, "m", train(c), PreprocessingSpec.of(Recipe.NONE).withImpute(CellImputation.KNN, 1));
        assertEquals(10f, one.rows()[4][1], 1e-5f, "tie at distance 0.05: the first training row wins");
    }

    @Test
    void knnDistanceIgnoresMissingCoordinatesAndScalesUp() {
        float[] a = {0, NA, 3};
        float[] b = {4, 7, NA};
        // Only the first coordinate is shared: sqrt(16 * 3 / 1).
        assertEquals(Math.sqrt(48), KnnImputer.nanEuclidean(a, b), 1e-9);
        assertTrue(Double.isNaN(KnnImputer.nanEuclidean(new float[] {NA, 1}, new float[] {1, NA})));
    }

    @Test
    void medianImputationUsesTrainingMediansAndInferenceDoesTheSame() {
        Cohort c = cohort(
                List.of("u", "v"),
                new float[][] {{1, 5}, {2, 6}, {3, 100}, null, {NA, 7}},
                Split.TRAIN,
                Split.TRAIN,
                Split.TRAIN,
                Split.TEST,
                Split.TEST);
        PreprocessorFitter.Fitted f = PreprocessorFitter.fit(
                c,
                "m",
                train(c),
                PreprocessingSpec.of(Recipe.CALLS)
                        .withImpute(CellImputation.MEDIAN, 5)
                        .withMaxMissing(0.5));
        assertNull(f.rows()[3], "a patient without the modality stays without it");
        assertArrayEquals(new float[] {2, 7}, f.rows()[4]);
        Preprocessor pre = f.preprocessor();
        float[] row = pre.transform(pre.align(List.of("v", "u"), new float[] {9, NA}));
        assertEquals(1, pre.fillWithMedians(row));
        assertArrayEquals(new float[] {2, 9}, row);
    }

    @Test
    void negativeCountsAreRejectedNamingPatientAndFeature() {
        Cohort c = cohort(List.of("a", "b"), new float[][] {{1, 2}, {3, -4}}, Split.TRAIN, Split.TRAIN);
        CohortFormatException e = assertThrows(
                CohortFormatException.class,
                () -> PreprocessorFitter.fit(c, "m", train(c), PreprocessingSpec.of(Recipe.COUNTS)));
        assertTrue(e.getMessage().contains("patient 'P1'") && e.getMessage().contains("'b'"), e.getMessage());
    }

    @Test
    void nameCheckReportsUnknownDuplicatedAndMissingNames() {
        Cohort c = cohort(List.of("a", "b", "c"), new float[][] {{1, 2, 3}, {2, 3, 4}}, Split.TRAIN, Split.TRAIN);
        Preprocessor counts = PreprocessorFitter.fit(
                        c, "m", train(c), PreprocessingSpec.of(Recipe.COUNTS).withCpmFilter(0, 0))
                .preprocessor();
        Preprocessor.NameCheck check = counts.check(List.of("a", "zz", "a"));
        assertEquals(List.of("zz"), check.unknown());
        assertEquals(List.of("a"), check.duplicated());
        assertEquals(List.of("b", "c"), check.missing(), "counts need every input feature for the library size");
        assertTrue(counts.check(List.of("c", "b", "a")).ok(), "any order");
    }
}
