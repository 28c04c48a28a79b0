package dev.coherent.modelset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coherent.store.MalformedModelException;
import dev.coherent.store.ModelSetLayout;
import dev.coherent.store.TamperedModelException;
import dev.coherent.testutil.ModelSetFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelSetTest {

    @Test
    void exportedSetHasEveryModelWithManifestsAndValidationScores() throws Exception {
        Path dir = ModelSetFixture.modelSet();
        try (ModelSet set = ModelSet.load(dir)) {
            assertEquals(List.of("cna", "rnaseq", "rppa", "wsi"), set.modalities());
            assertEquals(16, set.models().size());
            assertEquals("fixture", set.version());
            assertEquals(64, set.sha256().length());
            for (ModelEntry e : set.models()) {
                assertTrue(Files.exists(dir.resolve(ModelSetLayout.modelDir(e.name())).resolve("saved_model.pb")));
                assertTrue(Files.exists(dir.resolve(ModelSetLayout.modelManifest(e.name()))));
                assertTrue(e.validationMse() > 0 && Double.isFinite(e.validationMse()));
                assertFalse(e.files().isEmpty());
            }
            // 4 targets x 7 condition sets: multi everywhere, plus single (1 condition) or coherent (2+).
            assertEquals(56, set.manifest().validation().size());
            assertEquals(32, set.modality("cna").dim());
        }
    }

    @Test
    void aModifiedWeightFileIsRefused(@TempDir Path tmp) throws Exception {
        Path copy = ModelSetFixture.copy(tmp.resolve("set"));
        Path victim;
        try (var walk = Files.walk(copy.resolve("models/cna_from_rnaseq/variables"))) {
            victim = walk.filter(p -> p.getFileName().toString().startsWith("variables.data")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(victim);
        bytes[bytes.length / 2] ^= 1;
        Files.write(victim, bytes);
        TamperedModelException e = assertThrows(TamperedModelException.class, () -> ModelSet.load(copy));
        assertTrue(e.getMessage().contains("models/cna_from_rnaseq/variables"), e.getMessage());
    }

    @Test
    void aMissingFileOrManifestIsRefused(@TempDir Path tmp) throws Exception {
        Path copy = ModelSetFixture.copy(tmp.resolve("set"));
        Files.delete(copy.resolve("models/wsi_from_multi/saved_model.pb"));
        assertThrows(TamperedModelException.class, () -> ModelSet.load(copy));
        Files.write(copy.resolve(ModelSetLayout.MANIFEST), "{\"format\": 1,".getBytes(), StandardOpenOption.TRUNCATE_EXISTING);
        assertThrows(MalformedModelException.class, () -> ModelSet.load(copy));
        assertThrows(MalformedModelException.class, () -> ModelSet.load(tmp));
    }

    @Test
    void plansPickPairsEnsemblesAndTheMultiModel() {
        try (ModelSet set = ModelSet.load(ModelSetFixture.modelSet())) {
            SamplingPlan single = set.plan("cna", List.of("rnaseq"), ImputationMethod.COHERENT);
            assertEquals(SamplingPlan.SINGLE, single.method());
            assertEquals(List.of("cna_from_rnaseq"), single.members());
            SamplingPlan coherent = set.plan("cna", List.of("wsi", "rnaseq"), ImputationMethod.COHERENT);
            assertEquals(List.of("cna_from_rnaseq", "cna_from_wsi"), coherent.members());
            assertEquals(1.0, coherent.weights()[0] + coherent.weights()[1], 1e-12);
            assertEquals(SamplingPlan.MULTI, set.plan("cna", List.of("rnaseq"), ImputationMethod.MULTI).method());
            SamplingPlan auto = set.plan("rnaseq", List.of("rppa", "wsi"), ImputationMethod.AUTO);
            double best = set.manifest().validation().stream()
                    .filter(s -> s.target().equals("rnaseq") && s.conditions().equals(List.of("rppa", "wsi")))
                    .mapToDouble(ValidationScore::mse).min().orElseThrow();
            double chosen = set.manifest().validation().stream()
                    .filter(s -> s.target().equals("rnaseq") && s.conditions().equals(List.of("rppa", "wsi"))
                            && s.method().equals(auto.method()))
                    .mapToDouble(ValidationScore::mse).findFirst().orElseThrow();
            assertEquals(best, chosen, 0);
            assertThrows(InvalidQueryException.class, () -> set.plan("cna", List.of("cna"), ImputationMethod.MULTI));
            assertThrows(InvalidQueryException.class, () -> set.plan("mrna", List.of(), ImputationMethod.MULTI));
        }
    }
}
