package dev.coherent.modelset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coherent.diffusion.SamplerSettings;
import dev.coherent.diffusion.StepVariance;
import dev.coherent.diffusion.X0Error;
import dev.coherent.store.MalformedModelException;
import dev.coherent.store.ModelSetLayout;
import dev.coherent.store.TamperedModelException;
import dev.coherent.testutil.ModelSetFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    @Test
    void conditionalPlansCarryTheirValidationX0ErrorWhichWidensFewStepDraws() {
        try (ModelSet set = ModelSet.load(ModelSetFixture.modelSet())) {
            assertTrue(set.hasX0Errors());
            for (ValidationScore s : set.manifest().validation()) {
                X0Error e = s.x0Error();
                String what = s.target() + " from " + s.conditions() + " by " + s.method();
                assertEquals(0, e.steps()[0], what);
                assertEquals(999, e.steps()[e.steps().length - 1], what);
                // Near t = 0 x_t is x₀ itself; near T it says little, so the error nears the data's variance
                // (about 1 in standardized units, the cap).
                assertTrue(e.at(0) < 0.01 && e.at(999) > 0.1 && e.at(999) < 1.5, what + ": " + e.at(0) + ", " + e.at(999));
                assertTrue(e.at(500) > e.at(100) && e.at(100) > e.at(0), what);
            }
            SamplingPlan plan = set.plan("cna", List.of("rnaseq"), ImputationMethod.COHERENT);
            ValidationScore score = set.manifest().validation().stream()
                    .filter(s -> s.target().equals("cna") && s.conditions().equals(List.of("rnaseq"))
                            && s.method().equals(SamplingPlan.SINGLE)).findFirst().orElseThrow();
            assertArrayEquals(score.x0Error().meanSquare(), plan.x0Error().meanSquare());

            int rows = 200;
            List<Map<String, float[]>> input = new ArrayList<>();
            long[] seeds = new long[rows];
            for (int r = 0; r < rows; r++) {
                input.add(Map.of("rnaseq", new float[set.modality("rnaseq").dim()]));
                seeds[r] = r;
            }
            SamplerSettings fixed = SamplerSettings.ddim(10);
            double fixedSpread = spread(set.sample(plan, input, seeds, fixed).values(), rows);
            double analyticSpread = spread(set.sample(plan, input, seeds, fixed.withVariance(StepVariance.ANALYTIC))
                    .values(), rows);
            assertTrue(analyticSpread > fixedSpread, analyticSpread + " vs " + fixedSpread);

            SamplingPlan unconditional = set.plan("cna", List.of(), ImputationMethod.MULTI);
            assertNull(unconditional.x0Error());
            assertThrows(InvalidQueryException.class, () -> set.sample(unconditional, List.of(Map.of()), new long[] {1},
                    fixed.withVariance(StepVariance.ANALYTIC)));
        }
    }

    /** Mean over features of the standard deviation over rows. */
    private static double spread(float[] values, int rows) {
        int dim = values.length / rows;
        double total = 0;
        for (int j = 0; j < dim; j++) {
            double sum = 0;
            double sq = 0;
            for (int r = 0; r < rows; r++) {
                sum += values[r * dim + j];
                sq += values[r * dim + j] * values[r * dim + j];
            }
            double mean = sum / rows;
            total += Math.sqrt(Math.max(0, sq / rows - mean * mean));
        }
        return total / dim;
    }
}
