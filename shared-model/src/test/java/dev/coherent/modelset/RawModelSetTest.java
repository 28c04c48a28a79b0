package dev.coherent.modelset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coherent.cohort.Cohort;
import dev.coherent.cohort.CohortFormatException;
import dev.coherent.cohort.Split;
import dev.coherent.diffusion.TrainingListener;
import dev.coherent.imputation.OutOfDistribution;
import dev.coherent.imputation.OutOfDistributionScorer;
import dev.coherent.json.Json;
import dev.coherent.preprocess.PreprocessingParameters;
import dev.coherent.store.ModelSetLayout;
import dev.coherent.store.TamperedModelException;
import dev.coherent.testutil.RawCohortFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model set trained on a raw cohort: encoders in the layout and the manifest, verified on load. */
class RawModelSetTest {

    @Test
    void exportsEveryEncoderWithItsPreprocessingAndReconstructionScores() throws Exception {
        Path dir = RawCohortFixture.modelSet();
        try (ModelSet set = ModelSet.load(dir)) {
            assertTrue(set.hasEncoders());
            assertEquals(List.of("cn", "expr", "prot"), set.modalities());
            assertEquals(4, set.modality("expr").dim(), "the autoencoder's code width");
            assertEquals(3, set.modality("cn").dim(), "PCA components");
            assertEquals(6, set.modality("prot").dim(), "latent none keeps the features");
            ModelSetManifest m = set.manifest();
            assertEquals("raw", m.cohort().space());
            EncoderEntry expr = m.encoderOf("expr");
            assertEquals("autoencoder", expr.kind());
            assertEquals("counts", expr.recipe());
            assertEquals(13, expr.rawFeatures());
            assertEquals(12, expr.inputDim(), "the never-expressed gene is filtered out");
            assertEquals(List.of(6, 4), expr.widths(), "int(12 * (4/12)^0.5) = 6, then 4");
            assertTrue(Double.isFinite(expr.validationMse()) && expr.validationRows() == 4);
            for (String modality : List.of("cn", "expr")) {
                assertTrue(Files.exists(
                        dir.resolve(ModelSetLayout.encoderModelDir(modality)).resolve("saved_model.pb")));
                assertTrue(Files.exists(
                        dir.resolve(ModelSetLayout.decoderModelDir(modality)).resolve("saved_model.pb")));
            }
            assertFalse(Files.exists(dir.resolve(ModelSetLayout.encoderModelDir("prot"))), "identity: no SavedModel");
            PreprocessingParameters p = Json.MAPPER.readValue(
                    dir.resolve(ModelSetLayout.preprocessingFile("prot")).toFile(), PreprocessingParameters.class);
            assertEquals("median_center", p.recipe());
            assertEquals(6, p.centers().length);
            assertTrue(m.files().containsKey(ModelSetLayout.preprocessingFile("expr")), "covered by the sha256 list");
            assertTrue(m.files().keySet().stream().anyMatch(k -> k.startsWith(ModelSetLayout.decoderModelDir("cn"))));
            assertTrue(expr.files().containsKey("preprocessing.json"));
            assertTrue(m.training().containsKey("autoencoder") && m.training().containsKey("preprocessing"));
            // The manifest carries aggregates only: no patient id of the cohort appears in any json file.
            String manifestText = Files.readString(dir.resolve(ModelSetLayout.MANIFEST));
            String preText = Files.readString(dir.resolve(ModelSetLayout.preprocessingFile("expr")));
            assertFalse(manifestText.contains(RawCohortFixture.id(9)) || preText.contains(RawCohortFixture.id(9)));
        }
    }

    /**
     * A raw set's verdict: its thresholds come from training patients encoded by encoders fitted
     * without them, so it scores patients (here: each test patient's codes shifted by two standard
     * deviations in one modality stand out above the same patient's clean ones). The fixture's 32
     * training patients are too few for a 99th percentile: no verdict.
     */
    @Test
    void givesAVerdictFromThresholdsMeasuredOnPatientsItsEncodersDidNotSee(@TempDir Path tmp) {
        try (ModelSet few = ModelSet.load(RawCohortFixture.modelSet())) {
            assertFalse(few.manifest().training().containsKey(RawModelSetTrainer.OUT_OF_DISTRIBUTION_FOLDS));
            assertTrue(OutOfDistributionScorer.of(few).isEmpty());
        }
        Cohort cohort = RawCohortFixture.cohort(140);
        RawModelSetTrainer.export(
                new RawModelSetTrainer(RawCohortFixture.options(), RawCohortFixture.autoencoder())
                        .train(cohort, RawCohortFixture.preprocessing(), TrainingListener.NONE, f -> {}),
                tmp.resolve("set"));
        try (ModelSet set = ModelSet.load(tmp.resolve("set"))) {
            assertEquals(
                    RawModelSetTrainer.ENCODER_FOLDS,
                    ((Number) set.manifest().training().get(RawModelSetTrainer.OUT_OF_DISTRIBUTION_FOLDS)).intValue());
            assertTrue(set.disagreement().isPresent());
            OutOfDistributionScorer scorer = OutOfDistributionScorer.of(set).orElseThrow();
            StandardizedCohort data = StandardizedCohort.of(set, set.modelSpace(cohort));
            int[] test = data.having(Split.TEST, set.modalities());
            assertTrue(test.length >= 3, "complete test patients: " + test.length);
            for (int i : test) {
                Map<String, float[]> clean = new LinkedHashMap<>();
                set.modalities().forEach(m -> clean.put(m, data.row(m, i)));
                Map<String, float[]> shifted = new LinkedHashMap<>(clean);
                float[] prot = clean.get("prot").clone();
                for (int j = 0; j < prot.length; j++) {
                    prot[j] += 2;
                }
                shifted.put("prot", prot);
                OutOfDistribution broken = scorer.score(shifted);
                assertTrue(broken.flagged(), broken.toString());
                assertTrue(broken.score() > scorer.score(clean).score());
            }
        }
    }

    @Test
    void refusesAModifiedEncoder(@TempDir Path tmp) throws Exception {
        Path copy = copy(RawCohortFixture.modelSet(), tmp.resolve("set"));
        Files.writeString(copy.resolve(ModelSetLayout.preprocessingFile("cn")), " ", StandardOpenOption.APPEND);
        TamperedModelException e = assertThrows(TamperedModelException.class, () -> ModelSet.load(copy));
        assertTrue(e.getMessage().contains(ModelSetLayout.preprocessingFile("cn")), e.getMessage());
    }

    @Test
    void manifestsWithoutEncodersStillLoad() throws Exception {
        byte[] bytes = Files.readAllBytes(RawCohortFixture.modelSet().resolve(ModelSetLayout.MANIFEST));
        ObjectNode tree = (ObjectNode) Json.MAPPER.readTree(bytes);
        assertTrue(tree.has("encoders"));
        tree.remove("encoders");
        tree.remove("classifiers");
        assertTrue(tree.has("linear"));
        tree.remove("linear");
        ModelSetManifest old = ModelSetLoader.readManifest(Json.MAPPER.writeValueAsBytes(tree), "old manifest");
        assertTrue(old.encoders().isEmpty());
        assertTrue(old.classifiers().isEmpty());
        assertTrue(old.linear().isEmpty());
        assertNull(old.encoderOf("cn"));
        try (ModelSet set =
                ModelSet.inMemory(old, RawCohortFixture.trained().denoisers().weights(), List.of())) {
            assertFalse(set.hasEncoders());
            InvalidQueryException e = assertThrows(InvalidQueryException.class, () -> set.encoder("cn"));
            assertTrue(e.getMessage().contains("no encoder for 'cn'"), e.getMessage());
            Cohort cohort = RawCohortFixture.trained().latent();
            assertTrue(set.modelSpace(cohort) == cohort, "sets trained on embeddings take cohorts as they are");
        }
    }

    @Test
    void encodesARawCohortIntoTheModelSpace() {
        try (ModelSet set = ModelSet.load(RawCohortFixture.modelSet())) {
            Cohort latent = set.modelSpace(RawCohortFixture.cohort());
            assertEquals(4, latent.modality("expr").dim());
            assertEquals(RawCohortFixture.PATIENTS, latent.size());
            assertFalse(latent.modality("prot").present(32), "absent stays absent");
            assertTrue(latent.modality("cn").present(32));
            float[] viaTraining =
                    RawCohortFixture.trained().latent().modality("cn").row(12);
            assertEquals(viaTraining[0], latent.modality("cn").row(12)[0], 1e-5, "same code as in training");
        }
    }

    @Test
    void rawCohortsNeedPreprocessingForEveryModality() {
        Map<String, dev.coherent.preprocess.PreprocessingSpec> partial =
                new java.util.LinkedHashMap<>(RawCohortFixture.preprocessing());
        partial.remove("cn");
        CohortFormatException e = assertThrows(CohortFormatException.class, () -> new RawModelSetTrainer(
                        RawCohortFixture.options(), RawCohortFixture.autoencoder())
                .train(RawCohortFixture.cohort(), partial, dev.coherent.diffusion.TrainingListener.NONE, f -> {}));
        assertTrue(e.getMessage().contains("no entry for modality [cn]"), e.getMessage());
    }

    private static Path copy(Path from, Path to) throws Exception {
        try (var walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest);
                }
            }
        }
        return to;
    }
}
