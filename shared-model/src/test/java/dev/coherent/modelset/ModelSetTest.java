package dev.coherent.modelset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coherent.audit.DenoisingLoss;
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
                assertTrue(Files.exists(
                        dir.resolve(ModelSetLayout.modelDir(e.name())).resolve("saved_model.pb")));
                assertTrue(Files.exists(dir.resolve(ModelSetLayout.modelManifest(e.name()))));
                assertTrue(e.validationMse() > 0 && Double.isFinite(e.validationMse()));
                assertFalse(e.files().isEmpty());
            }
            // 4 targets x 7 condition sets: multi and linear everywhere, plus single (1 condition) or coherent (2+).
            assertEquals(84, set.manifest().validation().size());
            // One linear model per target and condition set, the empty set included: 4 x 8.
            assertEquals(32, set.manifest().linear().size());
            for (LinearEntry e : set.manifest().linear()) {
                assertTrue(Files.exists(dir.resolve(ModelSetLayout.linearFile(e.target(), e.conditions()))));
                assertTrue(set.manifest().files().containsKey(ModelSetLayout.linearFile(e.target(), e.conditions())));
                assertTrue(e.rows() > 100 && e.alpha() > 0 && e.cvMse() > 0 && e.shrinkage() >= 0, e.toString());
            }
            assertEquals(32, set.modality("cna").dim());
        }
    }

    @Test
    void aModifiedWeightFileIsRefused(@TempDir Path tmp) throws Exception {
        Path copy = ModelSetFixture.copy(tmp.resolve("set"));
        Path victim;
        try (var walk = Files.walk(copy.resolve("models/cna_from_rnaseq/variables"))) {
            victim = walk.filter(p -> p.getFileName().toString().startsWith("variables.data"))
                    .findFirst()
                    .orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(victim);
        bytes[bytes.length / 2] ^= 1;
        Files.write(victim, bytes);
        TamperedModelException e = assertThrows(TamperedModelException.class, () -> ModelSet.load(copy));
        assertTrue(e.getMessage().contains("models/cna_from_rnaseq/variables"), e.getMessage());
    }

    @Test
    void aModifiedLinearModelIsRefused(@TempDir Path tmp) throws Exception {
        Path copy = ModelSetFixture.copy(tmp.resolve("set"));
        Path victim = copy.resolve(ModelSetLayout.linearFile("rnaseq", List.of("rppa", "wsi")));
        byte[] bytes = Files.readAllBytes(victim);
        for (int i = bytes.length / 2; i < bytes.length; i++) {
            if (bytes[i] >= '1' && bytes[i] <= '8') {
                bytes[i]++; // one digit of one weight
                break;
            }
        }
        Files.write(victim, bytes);
        TamperedModelException e = assertThrows(TamperedModelException.class, () -> ModelSet.load(copy));
        assertTrue(e.getMessage().contains("linear/rnaseq_from_rppa+wsi.json"), e.getMessage());
    }

    @Test
    void linearPlansDrawAroundTheRidgeMeanWithoutSteps() {
        try (ModelSet set = ModelSet.load(ModelSetFixture.modelSet())) {
            SamplingPlan plan = set.plan("rnaseq", List.of("wsi", "rppa"), ImputationMethod.LINEAR);
            assertEquals(SamplingPlan.LINEAR, plan.method());
            assertEquals(List.of("rppa", "wsi"), plan.conditions());
            assertTrue(plan.members().isEmpty());
            int dim = set.modality("rppa").dim();
            float[] rppa = new float[dim];
            float[] wsi = new float[dim];
            rppa[0] = 1.5f;
            wsi[3] = -0.5f;
            Map<String, float[]> row = Map.of("rppa", rppa, "wsi", wsi);
            int draws = 2000;
            List<Map<String, float[]>> rows = new ArrayList<>();
            long[] seeds = new long[draws];
            float[] signs = new float[draws];
            for (int d = 0; d < draws; d++) {
                rows.add(row);
                seeds[d] = d / 2;
                signs[d] = d % 2 == 0 ? 1 : -1;
            }
            // Sampler settings do not apply: even the analytic variance, which needs x0 errors, is fine.
            var samples = set.sample(
                    plan, rows, seeds, signs, SamplerSettings.ddim(10).withVariance(StepVariance.ANALYTIC));
            float[] concatenated = new float[2 * dim];
            System.arraycopy(rppa, 0, concatenated, 0, dim);
            System.arraycopy(wsi, 0, concatenated, dim, dim);
            float[] mean = set.linearModel(plan).mean(concatenated);
            // Antithetic pairs mirror about the mean, so the average of the draws is the mean itself.
            for (int j = 0; j < mean.length; j++) {
                double avg = 0;
                for (int d = 0; d < draws; d++) {
                    avg += samples.values()[d * mean.length + j] / draws;
                }
                assertEquals(mean[j], avg, 1e-4, "feature " + j);
            }
            assertEquals(draws, samples.attempts().length);
            assertTrue(spread(samples.values(), draws) > 0.05, "draws carry the residual spread");
            // The unconditional linear model exists too (a Gaussian of the target) and the audit loss is defined.
            SamplingPlan unconditional = set.plan("cna", List.of(), ImputationMethod.LINEAR);
            double[] loss = DenoisingLoss.perRecord(
                    set,
                    unconditional,
                    List.of(Map.of(), Map.of()),
                    List.of(
                            new float[set.modality("cna").dim()],
                            new float[set.modality("cna").dim()]),
                    new int[] {1},
                    1);
            assertTrue(loss[0] > 0 && loss[0] == loss[1]);
        }
    }

    @Test
    void aMissingFileOrManifestIsRefused(@TempDir Path tmp) throws Exception {
        Path copy = ModelSetFixture.copy(tmp.resolve("set"));
        Files.delete(copy.resolve("models/wsi_from_multi/saved_model.pb"));
        assertThrows(TamperedModelException.class, () -> ModelSet.load(copy));
        Files.write(
                copy.resolve(ModelSetLayout.MANIFEST),
                "{\"format\": 1,".getBytes(),
                StandardOpenOption.TRUNCATE_EXISTING);
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
            assertEquals(
                    SamplingPlan.MULTI,
                    set.plan("cna", List.of("rnaseq"), ImputationMethod.MULTI).method());
            SamplingPlan auto = set.plan("rnaseq", List.of("rppa", "wsi"), ImputationMethod.AUTO);
            List<ValidationScore> chosen = set.manifest().validation().stream()
                    .filter(s ->
                            s.target().equals("rnaseq") && s.conditions().equals(List.of("rppa", "wsi")) && s.chosen())
                    .toList();
            assertEquals(1, chosen.size(), "training records one choice per query");
            assertEquals(chosen.get(0).method(), auto.method());
            for (String target : set.modalities()) {
                List<String> others =
                        set.modalities().stream().filter(m -> !m.equals(target)).toList();
                for (List<String> conditions : Subsets.nonEmpty(others)) {
                    assertEquals(
                            1,
                            set.manifest().validation().stream()
                                    .filter(s -> s.target().equals(target)
                                            && s.conditions().equals(conditions)
                                            && s.chosen())
                                    .count(),
                            target + " from " + conditions);
                }
            }
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
                if (s.method().equals(SamplingPlan.LINEAR)) {
                    assertNull(e, "the linear model takes no steps");
                    continue;
                }
                String what = s.target() + " from " + s.conditions() + " by " + s.method();
                assertEquals(0, e.steps()[0], what);
                assertEquals(999, e.steps()[e.steps().length - 1], what);
                // Near t = 0 x_t is x₀ itself; near T it says little, so the error nears the data's variance
                // (about 1 in standardized units, the cap).
                assertTrue(
                        e.at(0) < 0.01 && e.at(999) > 0.1 && e.at(999) < 1.5, what + ": " + e.at(0) + ", " + e.at(999));
                assertTrue(e.at(500) > e.at(100) && e.at(100) > e.at(0), what);
            }
            SamplingPlan plan = set.plan("cna", List.of("rnaseq"), ImputationMethod.COHERENT);
            ValidationScore score = set.manifest().validation().stream()
                    .filter(s -> s.target().equals("cna")
                            && s.conditions().equals(List.of("rnaseq"))
                            && s.method().equals(SamplingPlan.SINGLE))
                    .findFirst()
                    .orElseThrow();
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
            double analyticSpread = spread(
                    set.sample(plan, input, seeds, fixed.withVariance(StepVariance.ANALYTIC))
                            .values(),
                    rows);
            assertTrue(analyticSpread > fixedSpread, analyticSpread + " vs " + fixedSpread);

            SamplingPlan unconditional = set.plan("cna", List.of(), ImputationMethod.MULTI);
            assertNull(unconditional.x0Error());
            assertThrows(
                    InvalidQueryException.class,
                    () -> set.sample(
                            unconditional,
                            List.of(Map.of()),
                            new long[] {1},
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
