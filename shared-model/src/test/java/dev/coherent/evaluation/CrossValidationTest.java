package dev.coherent.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coherent.cohort.Cohort;
import dev.coherent.cohort.Split;
import dev.coherent.diffusion.RejectionSettings;
import dev.coherent.diffusion.SamplerKind;
import dev.coherent.diffusion.SamplerSettings;
import dev.coherent.modelset.ImputationMethod;
import dev.coherent.testutil.RawCohortFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** K-fold cross-validation in raw space on the small synthetic raw cohort: folds, splits, baselines, report. */
class CrossValidationTest {
    private static CrossValidation cv(int folds) {
        return new CrossValidation(new CrossValidation.Options(folds, 11, RawCohortFixture.options(),
                RawCohortFixture.autoencoder(), 2, new SamplerSettings(SamplerKind.DDIM, 5, 1, RejectionSettings.DEFAULT),
                ImputationMethod.AUTO, 3, 0.1));
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
        CrossValidation.Result r = cv(2).run(RawCohortFixture.cohort(), RawCohortFixture.preprocessing(), s -> { });
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
        // Two shared factors drive every modality: neighbours on the conditions must help.
        for (CrossValidation.Row row : r.rows()) {
            assertTrue(row.knn() > row.featureMean(), row + ": KNN above the feature mean");
        }
        CrossValidationReport.write(r, dir, "fixture", "bin/coherent crossvalidate ...", "settings", null);
        String md = Files.readString(dir.resolve("fixture.md"));
        assertTrue(md.contains("| expr | cn+prot |"), md);
        assertEquals(1 + 2 * 9, Files.readAllLines(dir.resolve("fixture.tsv")).size());
        assertFalse(md.contains("NaN ± NaN |"), md);
    }
}
