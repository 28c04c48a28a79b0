package dev.coherent.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The unrolled reverse process must give the samples the step-by-step loop gives. */
class FusedReverseGraphTest {
    private static final NoiseSchedule SCHEDULE = NoiseSchedule.standard();
    private static final int DIM = 4;
    private static final DenoiserConfig NETWORK = new DenoiserConfig(16, 32, 3, 8);

    private static DenoiserSpec single(String condition) {
        return new DenoiserSpec(
                DenoiserSpec.singleName("a", condition),
                DenoiserRole.SINGLE,
                "a",
                DIM,
                List.of(condition),
                List.of(3),
                NETWORK);
    }

    private static Conditioning conditioning(int members, int rows) {
        Random r = new Random(11);
        float[][] in = new float[members][rows * 3];
        float[][] mask = new float[members][rows];
        int[] widths = new int[members];
        int[] maskWidths = new int[members];
        for (int m = 0; m < members; m++) {
            widths[m] = 3;
            maskWidths[m] = 1;
            for (int i = 0; i < in[m].length; i++) {
                in[m][i] = (float) r.nextGaussian();
            }
            java.util.Arrays.fill(mask[m], 1f);
        }
        return new Conditioning(rows, in, widths, mask, maskWidths);
    }

    private static void assertSameSamples(List<DenoiserSpec> specs, SamplerSettings settings) {
        assertSameSamples(specs, settings, null);
    }

    private static void assertSameSamples(List<DenoiserSpec> specs, SamplerSettings settings, X0Error x0Error) {
        Map<DenoiserSpec, DenoiserWeights> models = new LinkedHashMap<>();
        long seed = 1;
        for (DenoiserSpec s : specs) {
            models.put(s, DenoiserWeights.initial(s, seed++));
        }
        int rows = 7;
        long[] seeds = new long[rows];
        for (int r = 0; r < rows; r++) {
            seeds[r] = 100 + r;
        }
        double[] weights = specs.size() == 1 ? null : new double[] {0.5, 0.3, 0.2};
        Conditioning c = conditioning(specs.size(), rows);
        try (InferenceGraph graph = new InferenceGraph(models)) {
            NoisePredictor predictor =
                    graph.predictor(specs.stream().map(DenoiserSpec::name).toList());
            DiffusionSampler.Samples stepped =
                    new DiffusionSampler(SCHEDULE, 0).sample(predictor, weights, c, seeds, null, settings, x0Error);
            DiffusionSampler.Samples fused =
                    new DiffusionSampler(SCHEDULE, rows).sample(predictor, weights, c, seeds, null, settings, x0Error);
            ReverseUpdates.Step[] plan =
                    ReverseUpdates.plan(SCHEDULE, SCHEDULE.stridedSteps(settings.steps()), settings, x0Error);
            assertTrue(
                    predictor
                            .fused(
                                    plan,
                                    settings.stochastic(),
                                    settings.rejection().distanceThreshold())
                            .isPresent(),
                    "this plan is fused");
            for (int i = 0; i < stepped.values().length; i++) {
                assertEquals(
                        stepped.values()[i],
                        fused.values()[i],
                        2e-4 * (1 + Math.abs(stepped.values()[i])),
                        "value " + i);
            }
            for (int r = 0; r < rows; r++) {
                assertEquals(
                        stepped.badFraction()[r],
                        fused.badFraction()[r],
                        1.0 / settings.steps() + 1e-12,
                        "incoherent steps of row " + r + " (float32 may flip one borderline step)");
            }
        }
    }

    @Test
    void deterministicDdimOfOneModelMatchesTheStepLoop() {
        assertSameSamples(List.of(single("b")), SamplerSettings.ddim(20));
    }

    @Test
    void stochasticDdimOfOneModelMatchesTheStepLoopWithTheSameNoise() {
        assertSameSamples(List.of(single("b")), SamplerSettings.ddim(25).withEta(1));
    }

    @Test
    void analyticVarianceOfDeterministicDdimMatchesTheStepLoop() {
        X0Error error = new X0Error(new int[] {0, 500, 999}, new double[] {0.001, 0.2, 0.9});
        assertSameSamples(List.of(single("b")), SamplerSettings.ddim(15).withVariance(StepVariance.ANALYTIC), error);
    }

    @Test
    void coherentEnsembleMatchesTheStepLoopIncludingIncoherentStepCounts() {
        // A low threshold makes some steps incoherent, so the counts are compared, not just zeros;
        // no rejection so both paths keep their first attempt.
        SamplerSettings settings =
                SamplerSettings.ddim(30).withEta(0.5).withRejection(new RejectionSettings(0.05, 0.5, 1));
        assertSameSamples(List.of(single("b"), single("c"), single("d")), settings);
    }

    @Test
    void plansLongerThanTheUnrollLimitStepInJava() {
        DenoiserSpec spec = single("b");
        try (InferenceGraph graph = new InferenceGraph(Map.of(spec, DenoiserWeights.initial(spec, 1)))) {
            NoisePredictor predictor = graph.predictor(List.of(spec.name()));
            // The sampler never asks for such a plan; the limit holds in the graph too.
            org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalArgumentException.class,
                    () -> predictor.fused(
                            ReverseUpdates.plan(
                                    SCHEDULE,
                                    SCHEDULE.stridedSteps(FusedReverseGraph.MAX_STEPS + 1),
                                    SamplerSettings.ddim(FusedReverseGraph.MAX_STEPS + 1),
                                    null),
                            false,
                            1.0));
            DiffusionSampler.Samples s = new DiffusionSampler(SCHEDULE)
                    .sample(predictor, null, conditioning(1, 2), new long[] {1, 2}, SamplerSettings.ddpm());
            assertEquals(2 * DIM, s.values().length);
        }
    }
}
