package dev.coherent.modelset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coherent.audit.DenoisingLoss;
import dev.coherent.cohort.Split;
import dev.coherent.diffusion.DenoiserRole;
import dev.coherent.diffusion.DiffusionSampler;
import dev.coherent.diffusion.SamplerSettings;
import dev.coherent.diffusion.StepVariance;
import dev.coherent.diffusion.TrainingConfig;
import dev.coherent.diffusion.TrainingListener;
import dev.coherent.testutil.ModelSetFixture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model set whose denoisers learn residuals around the linear models: every plan kind end to end. */
class ResidualModelSetTest {

    @Test
    void residualDenoisersSampleAroundTheLinearPredictionOfEveryPlan(@TempDir Path tmp) {
        ModelSetTrainer trainer = new ModelSetTrainer(new ModelSetTrainer.Options(
                TrainingConfig.small(5).withMaxEpochs(40).withResidual(true),
                EnumSet.allOf(DenoiserRole.class),
                2,
                "residual"));
        ModelSetWriter.export(trainer.train(ModelSetFixture.cohort(), TrainingListener.NONE), tmp.resolve("set"));
        try (ModelSet set = ModelSet.load(tmp.resolve("set"))) {
            assertTrue(set.models().stream().allMatch(ModelEntry::residual), "every denoiser is residual");
            StandardizedCohort data = StandardizedCohort.of(set, ModelSetFixture.cohort());
            int[] test = data.having(Split.TEST, set.modalities());
            List<Map<String, float[]>> rows = new ArrayList<>();
            long[] seeds = new long[6];
            for (int r = 0; r < seeds.length; r++) {
                Map<String, float[]> row = new LinkedHashMap<>();
                for (String m : List.of("rnaseq", "rppa", "wsi")) {
                    row.put(m, data.row(m, test[r]));
                }
                rows.add(row);
                seeds[r] = r;
            }
            SamplerSettings settings = SamplerSettings.ddim(20).withEta(1).withVariance(StepVariance.AUTO);

            // A one-member plan samples the residual and adds the linear prediction back, exactly.
            SamplingPlan single = set.plan("cna", List.of("rnaseq"), ImputationMethod.COHERENT);
            assertTrue(single.centered());
            DiffusionSampler.Samples residual = set.sampler()
                    .sample(
                            set.graph().predictor(single.members()),
                            single.weights(),
                            set.planSampler().conditioning(single, rows),
                            seeds,
                            null,
                            settings,
                            single.x0Error());
            float[] centers =
                    LinearCenters.centers(set.planSampler().linearModel("cna", List.of("rnaseq")), rows, new int[] {
                        set.modality("rnaseq").dim()
                    });
            float[] expected = residual.values().clone();
            for (int i = 0; i < expected.length; i++) {
                expected[i] += centers[i];
            }
            assertArrayEquals(
                    expected, set.sample(single, rows, seeds, settings).values(), 1e-6f);

            for (ImputationMethod method : List.of(ImputationMethod.COHERENT, ImputationMethod.MULTI)) {
                for (List<String> conditions :
                        List.of(List.of("rnaseq", "wsi"), List.of("rnaseq", "rppa", "wsi"), List.<String>of())) {
                    SamplingPlan plan = set.plan("cna", conditions, method);
                    String what = plan.method() + " from " + conditions;
                    assertTrue(plan.centered(), what);
                    for (float v : set.sample(plan, rows, seeds, settings).values()) {
                        assertTrue(Float.isFinite(v), what);
                    }
                    if (!conditions.isEmpty()) {
                        assertNotNull(plan.x0Error(), what + ": training measured the residual x0 error");
                        List<float[]> truth = java.util.Arrays.stream(test)
                                .limit(rows.size())
                                .mapToObj(i -> data.row("cna", i))
                                .toList();
                        for (double loss : DenoisingLoss.perRecord(set, plan, rows, truth, new int[] {10, 200}, 3)) {
                            assertTrue(Double.isFinite(loss) && loss > 0, what);
                        }
                    }
                }
            }
            assertEquals(
                    1,
                    set.manifest().validation().stream()
                            .filter(s -> s.target().equals("cna")
                                    && s.conditions().equals(List.of("rnaseq", "rppa"))
                                    && s.chosen())
                            .count());
        }
        try (ModelSet plain = ModelSet.load(ModelSetFixture.modelSet())) {
            assertFalse(
                    plain.plan("cna", List.of("rnaseq", "wsi"), ImputationMethod.COHERENT)
                            .centered(),
                    "a set trained without residuals keeps plain plans");
        }
    }
}
