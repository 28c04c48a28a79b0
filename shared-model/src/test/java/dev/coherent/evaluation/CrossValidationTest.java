package dev.coherent.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coherent.cohort.Cohort;
import dev.coherent.cohort.ModalityMatrix;
import dev.coherent.cohort.Sample;
import dev.coherent.cohort.Split;
import dev.coherent.diffusion.RejectionSettings;
import dev.coherent.diffusion.SamplerKind;
import dev.coherent.diffusion.SamplerSettings;
import dev.coherent.metrics.Regressions;
import dev.coherent.modelset.ImputationMethod;
import dev.coherent.preprocess.LatentKind;
import dev.coherent.preprocess.PreprocessingSpec;
import dev.coherent.preprocess.Recipe;
import dev.coherent.testutil.RawCohortFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** K-fold cross-validation in raw space on the small synthetic raw cohort: folds, splits, baselines, report. */
class CrossValidationTest {
    private static CrossValidation cv(int folds) {
        return new CrossValidation(new CrossValidation.Options(
                folds,
                11,
                RawCohortFixture.options(),
                RawCohortFixture.autoencoder(),
                2,
                new SamplerSettings(SamplerKind.DDIM, 5, 1, RejectionSettings.DEFAULT),
                ImputationMethod.AUTO,
                3,
                0.1));
    }

    @Test
    void foldsDealEachModalityPatternEvenlyAndSplitsNeverOverlap() {
        Cohort cohort = RawCohortFixture.cohort();
        CrossValidation cv = cv(4);
        int[] fold = cv.assignFolds(cohort);
        int[] size = new int[4];
        int[] lackingProt = new int[4];
        for (int i = 0; i < fold.length; i++) {
            size[fold[i]]++;
            if (!cohort.modality("prot").present(i)) {
                lackingProt[fold[i]]++;
            }
        }
        for (int f = 0; f < 4; f++) {
            assertEquals(10, size[f], "40 patients in 4 folds");
            assertTrue(lackingProt[f] >= 1 && lackingProt[f] <= 2, "the 5 patients without prot are spread");
        }
        Split[] splits = cv.splits(cohort, fold, 2);
        int val = 0;
        for (int i = 0; i < splits.length; i++) {
            assertEquals(fold[i] == 2, splits[i] == Split.TEST, "the fold is the test split, nothing else");
            if (splits[i] == Split.VAL) {
                val++;
                assertTrue(cohort.complete(i), "validation patients have every modality");
            }
        }
        assertEquals(3, val, "10% of the 30 other patients");
    }

    @Test
    void scoresEveryTargetAndConditionSetNextToTheBaselines(@TempDir Path dir) throws Exception {
        CrossValidation.Result r = cv(2).run(RawCohortFixture.cohort(), RawCohortFixture.preprocessing(), s -> {});
        assertEquals(2, r.folds().size());
        List<String> keys = new ArrayList<>();
        for (CrossValidation.Row row : r.rows()) {
            keys.add(row.target() + "<-" + row.conditions());
        }
        assertEquals(9, keys.size(), "3 targets x 3 non-empty sets of the 2 other modalities: " + keys);
        assertTrue(keys.contains("expr<-cn+prot"), keys.toString());
        for (CrossValidation.FoldRow row : r.foldRows()) {
            String what = row.target() + "<-" + row.conditions() + " fold " + row.fold();
            assertTrue(row.patients() >= 2, what);
            assertTrue(Double.isFinite(row.model()), what);
            // A constant prediction cannot beat the test patients' own mean: R² <= 0.
            assertTrue(row.featureMean() <= 1e-9, what + ": feature mean " + row.featureMean());
            if (row.target().equals("prot")) {
                assertEquals(1.0, row.ceiling(), 1e-6, what + ": latent none decodes exactly");
            }
        }
        // Two shared factors drive every modality: neighbours and a linear map of the conditions must help.
        for (CrossValidation.Row row : r.rows()) {
            assertTrue(row.knn() > row.featureMean(), row + ": KNN above the feature mean");
            assertTrue(row.ridge() > row.featureMean(), row + ": ridge above the feature mean");
        }
        CrossValidationReport.write(r, dir, "fixture", "bin/coherent crossvalidate ...", "settings", null);
        String md = Files.readString(dir.resolve("fixture.md"));
        assertTrue(md.contains("| expr | cn+prot |"), md);
        assertTrue(md.contains("| ridge R² | ≥ ridge |"), md);
        List<String> tsv = Files.readAllLines(dir.resolve("fixture.tsv"));
        assertEquals(1 + 2 * 9, tsv.size());
        assertEquals(
                List.of(
                        "fold",
                        "target",
                        "conditions",
                        "patients",
                        "varying_features",
                        "diffusion_r2",
                        "feature_mean_r2",
                        "knn_r2",
                        "ridge_r2",
                        "autoencoder_ceiling_r2"),
                List.of(tsv.get(0).split("\t")));
        for (String line : tsv.subList(1, tsv.size())) {
            assertEquals(10, line.split("\t").length, line);
        }
        assertFalse(md.contains("NaN ± NaN |"), md);
    }

    @Test
    void ridgeRecoversALinearTargetFromNoisyIrrelevantModalities() {
        SplittableRandom random = new SplittableRandom(3);
        int n = 60;
        float[][] x = new float[n][8];
        float[][] noise = new float[n][40];
        float[][] y = new float[n][5];
        double[][] w = new double[8][5];
        for (double[] row : w) {
            for (int t = 0; t < 5; t++) {
                row[t] = random.nextGaussian();
            }
        }
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 8; k++) {
                x[i][k] = (float) (10 + 3 * random.nextGaussian());
            }
            for (int k = 0; k < 40; k++) {
                noise[i][k] = (float) random.nextGaussian();
            }
            for (int t = 0; t < 5; t++) {
                double v = 100 * t;
                for (int k = 0; k < 8; k++) {
                    v += x[i][k] * w[k][t];
                }
                y[i][t] = (float) (v + 0.1 * random.nextGaussian());
            }
        }
        Map<String, float[][]> rows = new LinkedHashMap<>(Map.of("x", x, "noise", noise, "y", y));
        List<Integer> donors = IntStream.range(0, 40).boxed().toList();
        List<Integer> who = IntStream.range(40, n).boxed().toList();
        float[][] truth = who.stream().map(i -> y[i]).toArray(float[][]::new);
        float[][] alone = RawBaselines.ridge(rows, rows, "y", List.of("x"), donors, who, 1);
        assertTrue(
                Regressions.r2PerFeature(truth, alone) > 0.99,
                "exact linear map, little noise: R² " + Regressions.r2PerFeature(truth, alone));
        // 40 pure-noise features next to the 8 useful ones: the penalty keeps the fit from chasing them.
        float[][] both = RawBaselines.ridge(rows, rows, "y", List.of("x", "noise"), donors, who, 1);
        assertTrue(
                Regressions.r2PerFeature(truth, both) > 0.9,
                "R² with noise inputs " + Regressions.r2PerFeature(truth, both));
        assertEquals(
                null,
                RawBaselines.ridge(rows, rows, "y", List.of("x"), List.of(0, 1), who, 1),
                "two donors cannot choose a penalty");
    }

    @Test
    void ridgeScoresNearOneWhenTheTargetIsALinearFunctionOfTheCondition() {
        CrossValidation.Result r = cv(2).run(
                        linearCohort(),
                        Map.of(
                                "x", PreprocessingSpec.of(Recipe.NONE).withLatent(LatentKind.PCA, 3),
                                "y", PreprocessingSpec.of(Recipe.NONE).withLatent(LatentKind.PCA, 3)),
                        s -> {});
        assertEquals(2, r.rows().size(), r.rows().toString());
        for (CrossValidation.FoldRow row : r.foldRows()) {
            String what = row.target() + "<-" + row.conditions() + " fold " + row.fold();
            assertTrue(row.ridge() > 0.95, what + ": ridge R² " + row.ridge());
            assertTrue(row.ridge() > row.featureMean() + 0.9, what + ": feature mean " + row.featureMean());
        }
    }

    /** 40 complete patients: x is 8 features of 3 factors, y = B·x (6 features), both with 2 % noise. */
    private static Cohort linearCohort() {
        SplittableRandom random = new SplittableRandom(8);
        double[][] a = new double[3][8];
        double[][] b = new double[8][6];
        for (double[] row : a) {
            for (int k = 0; k < row.length; k++) {
                row[k] = random.nextGaussian();
            }
        }
        for (double[] row : b) {
            for (int k = 0; k < row.length; k++) {
                row[k] = random.nextGaussian() / 3;
            }
        }
        int n = 40;
        float[][] x = new float[n][8];
        float[][] y = new float[n][6];
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] f = {random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
            for (int k = 0; k < 8; k++) {
                double v = 0;
                for (int c = 0; c < 3; c++) {
                    v += f[c] * a[c][k];
                }
                x[i][k] = (float) (v + 0.02 * random.nextGaussian());
            }
            for (int t = 0; t < 6; t++) {
                double v = 0;
                for (int k = 0; k < 8; k++) {
                    v += x[i][k] * b[k][t];
                }
                y[i][t] = (float) (5 + v + 0.02 * random.nextGaussian());
            }
            samples.add(new Sample(RawCohortFixture.id(i), null, null, Map.of()));
        }
        Map<String, ModalityMatrix> m = new LinkedHashMap<>();
        m.put("x", new ModalityMatrix("x", RawCohortFixture.names("X", 8), x));
        m.put("y", new ModalityMatrix("y", RawCohortFixture.names("Y", 6), y));
        return new Cohort("linear", samples, m);
    }
}
