package dev.coherent.modelset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coherent.diffusion.DenoiserSpec;
import dev.coherent.diffusion.Ensemble;
import dev.coherent.diffusion.NoiseSchedule;
import dev.coherent.diffusion.X0Error;
import dev.coherent.store.MalformedModelException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Plans for a hand-made manifest: no weights, no TensorFlow. */
class QueryPlannerTest {
    private static final X0Error SINGLE_X0 = new X0Error(new int[] {0, 999}, new double[] {0.01, 0.9});
    private static final X0Error MULTI_X0 = new X0Error(new int[] {0, 999}, new double[] {0.02, 0.8});
    private static final X0Error COHERENT_X0 = new X0Error(new int[] {0, 999}, new double[] {0.03, 0.7});

    /**
     * Modalities a, b, c. Target a has both pair models and the multi model; b only the pair model
     * from a; c no denoiser. Linear models of a from b, from b+c and from nothing, of b from a and
     * from nothing, of c from nothing.
     */
    private static ModelSetManifest manifest(List<ValidationScore> validation, boolean residual) {
        List<ModelEntry> models = List.of(
                pair("a", "b", 0.2, residual),
                pair("a", "c", 0.4, residual),
                multi("a", 0.3, residual),
                pair("b", "a", 0.5, residual));
        List<LinearEntry> linear = List.of(
                linear("a", "b"), linear("a", "b", "c"), linear("a"), linear("b", "a"), linear("b"), linear("c"));
        return new ModelSetManifest(
                ModelSetManifest.FORMAT,
                "hand-made",
                "2026-01-01T00:00:00Z",
                new CohortInfo("hand-made", "none", 0, 0, 0, 0, null, null),
                List.of(modality("a", 2), modality("b", 3), modality("c", 4)),
                ScheduleInfo.of(NoiseSchedule.standard()),
                Map.of(),
                models,
                validation,
                Map.of(),
                Map.of(),
                List.of(),
                List.of(),
                linear,
                List.of());
    }

    /** Scores as training records them: a from b+c chooses linear although multi scored lower. */
    private static List<ValidationScore> scores() {
        return List.of(
                new ValidationScore("a", List.of("b"), SamplingPlan.SINGLE, 0.30, SINGLE_X0, false),
                new ValidationScore("a", List.of("b"), SamplingPlan.MULTI, 0.35, MULTI_X0, true),
                new ValidationScore("a", List.of("b"), SamplingPlan.LINEAR, 0.32, null, false),
                new ValidationScore("a", List.of("b", "c"), SamplingPlan.COHERENT, 0.50, COHERENT_X0, false),
                new ValidationScore("a", List.of("b", "c"), SamplingPlan.MULTI, 0.40, MULTI_X0, false),
                new ValidationScore("a", List.of("b", "c"), SamplingPlan.LINEAR, 0.45, null, true));
    }

    private static QueryPlanner planner() {
        return new QueryPlanner(manifest(scores(), false));
    }

    @Test
    void oneConditionTakesItsPairModelAndSeveralTheirEnsemble() {
        SamplingPlan single = planner().plan("a", List.of("b"), ImputationMethod.COHERENT);
        assertEquals(SamplingPlan.SINGLE, single.method());
        assertEquals(List.of("a_from_b"), single.members());
        assertArrayEquals(new double[] {1}, single.weights(), 1e-12);
        assertSame(SINGLE_X0, single.x0Error());
        assertFalse(single.centered());

        SamplingPlan coherent = planner().plan("a", List.of("c", "b"), ImputationMethod.COHERENT);
        assertEquals(SamplingPlan.COHERENT, coherent.method());
        assertEquals(List.of("b", "c"), coherent.conditions(), "conditions in the set's modality order");
        assertEquals(List.of("a_from_b", "a_from_c"), coherent.members());
        assertArrayEquals(Ensemble.softmaxInverse(new double[] {0.2, 0.4}), coherent.weights(), 1e-12);
        assertTrue(coherent.weights()[0] > coherent.weights()[1], "the lower validation MSE weighs more");
        assertSame(COHERENT_X0, coherent.x0Error());
    }

    @Test
    void multiAndLinearPlans() {
        SamplingPlan multi = planner().plan("a", List.of("c", "b"), ImputationMethod.MULTI);
        assertEquals(SamplingPlan.MULTI, multi.method());
        assertEquals(List.of(DenoiserSpec.multiName("a")), multi.members());
        assertArrayEquals(new double[] {1}, multi.weights(), 1e-12);
        assertSame(MULTI_X0, multi.x0Error());

        SamplingPlan linear = planner().plan("a", List.of("b"), ImputationMethod.LINEAR);
        assertTrue(linear.linear());
        assertEquals(List.of("b"), linear.conditions());
        assertTrue(linear.members().isEmpty());
        assertEquals(0, linear.weights().length);
        assertNull(linear.x0Error(), "the linear model takes no steps");
        assertFalse(linear.centered());
    }

    @Test
    void availabilityFollowsTheModelsTheManifestLists() {
        QueryPlanner planner = planner();
        List<ImputationMethod> all =
                List.of(ImputationMethod.COHERENT, ImputationMethod.MULTI, ImputationMethod.LINEAR);
        assertEquals(all, planner.availableMethods("a", List.of("b")));
        assertEquals(all, planner.availableMethods("a", List.of("c", "b")));
        assertEquals(
                List.of(ImputationMethod.COHERENT, ImputationMethod.MULTI),
                planner.availableMethods("a", List.of("c")),
                "no linear model of a from c");
        assertEquals(
                List.of(ImputationMethod.COHERENT, ImputationMethod.LINEAR),
                planner.availableMethods("b", List.of("a")));
        assertEquals(List.of(), planner.availableMethods("b", List.of("c")));
        // Unconditional: every pair model of the target, given zeros.
        assertEquals(
                List.of(ImputationMethod.LINEAR),
                planner.availableMethods("b", List.of()),
                "b has no pair model from c");
        SamplingPlan unconditional = planner.plan("a", List.of(), ImputationMethod.COHERENT);
        assertEquals(List.of(), unconditional.conditions());
        assertEquals(List.of("a_from_b", "a_from_c"), unconditional.members());
        assertNull(unconditional.x0Error());
    }

    @Test
    void autoFollowsTheChoiceTrainingRecorded() {
        assertEquals(
                SamplingPlan.MULTI,
                planner().plan("a", List.of("b"), ImputationMethod.AUTO).method(),
                "chosen, though single scored lower");
        assertEquals(
                SamplingPlan.LINEAR,
                planner().plan("a", List.of("c", "b"), ImputationMethod.AUTO).method(),
                "chosen, though multi scored lower");
    }

    @Test
    void autoTakesTheLowestMseInSetsTrainedBeforeTheChoiceWasRecorded() {
        List<ValidationScore> old = new ArrayList<>();
        for (ValidationScore s : scores()) {
            old.add(s.withChosen(false));
        }
        QueryPlanner planner = new QueryPlanner(manifest(old, false));
        assertEquals(
                SamplingPlan.SINGLE,
                planner.plan("a", List.of("b"), ImputationMethod.AUTO).method());
        assertEquals(
                SamplingPlan.MULTI,
                planner.plan("a", List.of("b", "c"), ImputationMethod.AUTO).method());
        // Without any score, the multi model (trained for every condition set), else the first available.
        assertEquals(
                SamplingPlan.MULTI,
                planner.plan("a", List.of(), ImputationMethod.AUTO).method());
        assertEquals(
                SamplingPlan.SINGLE,
                planner.plan("b", List.of("a"), ImputationMethod.AUTO).method());
        assertEquals(
                SamplingPlan.LINEAR,
                planner.plan("c", List.of(), ImputationMethod.AUTO).method());
        assertTrue(planner.hasX0Errors());

        QueryPlanner oldest = new QueryPlanner(manifest(null, false));
        assertFalse(oldest.hasX0Errors());
        assertEquals(
                SamplingPlan.MULTI,
                oldest.plan("a", List.of("b"), ImputationMethod.AUTO).method());
        assertNull(oldest.plan("a", List.of("b"), ImputationMethod.COHERENT).x0Error());
    }

    @Test
    void unknownModalitiesTargetsAsConditionsAndMissingModelsAreRefused() {
        QueryPlanner planner = planner();
        InvalidQueryException unknown = assertThrows(
                InvalidQueryException.class, () -> planner.plan("mrna", List.of("b"), ImputationMethod.AUTO));
        assertTrue(unknown.getMessage().contains("unknown modality 'mrna'"), unknown.getMessage());
        assertThrows(InvalidQueryException.class, () -> planner.plan("a", List.of("mrna"), ImputationMethod.AUTO));
        assertThrows(InvalidQueryException.class, () -> planner.modality("mrna"));
        InvalidQueryException both = assertThrows(
                InvalidQueryException.class, () -> planner.plan("a", List.of("a", "b"), ImputationMethod.COHERENT));
        assertTrue(both.getMessage().contains("cannot be both target and condition"), both.getMessage());
        InvalidQueryException nothing =
                assertThrows(InvalidQueryException.class, () -> planner.plan("b", List.of("c"), ImputationMethod.AUTO));
        assertTrue(nothing.getMessage().contains("no model generating 'b' from c"), nothing.getMessage());
        InvalidQueryException method = assertThrows(
                InvalidQueryException.class, () -> planner.plan("b", List.of("a"), ImputationMethod.MULTI));
        assertTrue(method.getMessage().contains("method multi is not available"), method.getMessage());
    }

    @Test
    void residualDenoisersArePlannedCenteredAndNeedTheirLinearModel() {
        QueryPlanner planner = new QueryPlanner(manifest(scores(), true));
        assertTrue(planner.plan("a", List.of("b"), ImputationMethod.COHERENT).centered());
        assertTrue(planner.plan("a", List.of("b", "c"), ImputationMethod.MULTI).centered());
        assertTrue(planner.plan("a", List.of(), ImputationMethod.COHERENT).centered());
        assertFalse(planner.plan("a", List.of("b"), ImputationMethod.LINEAR).centered());
        MalformedModelException e = assertThrows(
                MalformedModelException.class, () -> planner.plan("a", List.of("c"), ImputationMethod.COHERENT));
        assertTrue(e.getMessage().contains("no linear model of c to center on"), e.getMessage());
    }

    private static ModalityInfo modality(String name, int dim) {
        List<String> features = new ArrayList<>();
        for (int j = 0; j < dim; j++) {
            features.add(name + j);
        }
        return new ModalityInfo(name, dim, features, new double[dim], new double[dim], 10);
    }

    private static ModelEntry pair(String target, String condition, double mse, boolean residual) {
        return new ModelEntry(
                DenoiserSpec.singleName(target, condition),
                "single",
                target,
                2,
                List.of(condition),
                List.of(2),
                null,
                mse,
                10,
                5,
                3,
                1.0,
                100,
                Map.of(),
                residual);
    }

    private static ModelEntry multi(String target, double mse, boolean residual) {
        return new ModelEntry(
                DenoiserSpec.multiName(target),
                "multi",
                target,
                2,
                List.of("b", "c"),
                List.of(3, 4),
                null,
                mse,
                10,
                5,
                3,
                1.0,
                100,
                Map.of(),
                residual);
    }

    private static LinearEntry linear(String target, String... conditions) {
        return new LinearEntry(target, List.of(conditions), 10, 1.0, 0.5, 0.1, 1.2, 0);
    }
}
