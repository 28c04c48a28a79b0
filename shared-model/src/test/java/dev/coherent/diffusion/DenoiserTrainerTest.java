package dev.coherent.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DenoiserTrainerTest {
    private static final int DIM = 4;
    private static final int COND = 3;
    private static final DenoiserSpec SPEC = new DenoiserSpec(
            "a_from_b", DenoiserRole.SINGLE, "a", DIM, List.of("b"), List.of(COND), new DenoiserConfig(16, 32, 3, 8));
    private static final TrainingConfig CONFIG =
            new TrainingConfig(SPEC.network(), 40, 32, 3e-3f, 10, 5, 20, 1, MaskingStrategy.RANDOM, 0.5f, 0f, false, 5);
    private static DenoiserData train;
    private static DenoiserData validation;
    private static TrainedDenoiser trained;

    /** target = linear map of the condition + small noise, so a trained model must use the condition. */
    static DenoiserData linearData(int rows, long seed) {
        Random r = new Random(seed);
        float[] target = new float[rows * DIM];
        float[] cond = new float[rows * COND];
        float[] presence = new float[rows];
        for (int i = 0; i < rows; i++) {
            presence[i] = 1;
            for (int c = 0; c < COND; c++) {
                cond[i * COND + c] = (float) r.nextGaussian();
            }
            for (int j = 0; j < DIM; j++) {
                target[i * DIM + j] =
                        (float) (cond[i * COND + j % COND] * (j % 2 == 0 ? 1 : -1) + 0.2 * r.nextGaussian());
            }
        }
        return new DenoiserData(rows, target, cond, presence);
    }

    @BeforeAll
    static void trainOnce() {
        train = linearData(400, 1);
        validation = linearData(60, 2);
        try (DenoiserTrainer trainer = new DenoiserTrainer(SPEC, CONFIG, NoiseSchedule.standard())) {
            trained = trainer.train(train, validation, TrainingListener.NONE);
        }
    }

    @Test
    void trainingLearnsTheConditionalMean() {
        // An unconditional model would score about the target variance (~1.0) plus its own spread.
        assertTrue(trained.validationMse() < 0.6, "validation MSE " + trained.validationMse());
        assertEquals(4, trained.history().size());
        assertTrue(trained.bestEpoch() > 0);
    }

    @Test
    void sameSeedTrainsTheSameModel() {
        try (DenoiserTrainer again = new DenoiserTrainer(SPEC, CONFIG, NoiseSchedule.standard())) {
            TrainedDenoiser second = again.train(train, validation, TrainingListener.NONE);
            assertEquals(trained.validationMse(), second.validationMse(), 0);
            for (Map.Entry<String, float[]> e : trained.weights().asMap().entrySet()) {
                assertArrayEquals(e.getValue(), second.weights().get(e.getKey()), e.getKey());
            }
        }
    }

    @Test
    void sameSeedTrainsTheSameModelWithWeightDecay() {
        // The decay of the weights once raced their Adam update, so that two runs drifted apart.
        TrainingConfig decayed = CONFIG.withWeightDecay(1e-2f);
        float[][] first = null;
        for (int run = 0; run < 2; run++) {
            try (DenoiserTrainer trainer = new DenoiserTrainer(SPEC, decayed, NoiseSchedule.standard())) {
                Map<String, float[]> w = trainer.train(train, validation, TrainingListener.NONE)
                        .weights()
                        .asMap();
                float[][] all = w.values().toArray(new float[0][]);
                if (first == null) {
                    first = all;
                } else {
                    for (int i = 0; i < all.length; i++) {
                        assertArrayEquals(first[i], all[i], "parameter " + i);
                    }
                }
            }
        }
    }

    @Test
    void restoringSeveralCheckpointsAtOnceGivesTheExportedWeights(@TempDir Path dir) {
        DenoiserWeights other = new DenoiserWeights(trained.weights().asMap().entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> scaled(e.getValue(), -2f))));
        DenoiserSavedModel.export(SPEC, trained.weights(), dir.resolve("one"));
        DenoiserSavedModel.export(SPEC, other, dir.resolve("two"));
        Map<String, Map.Entry<DenoiserSpec, Path>> models = new java.util.LinkedHashMap<>();
        models.put("one", Map.entry(SPEC, dir.resolve("one")));
        models.put("two", Map.entry(SPEC, dir.resolve("two")));
        Map<String, DenoiserWeights> loaded = DenoiserSavedModel.loadWeights(models);
        assertEquals(java.util.List.of("one", "two"), java.util.List.copyOf(loaded.keySet()));
        for (Map.Entry<String, float[]> e : trained.weights().asMap().entrySet()) {
            assertArrayEquals(e.getValue(), loaded.get("one").get(e.getKey()), e.getKey());
            assertArrayEquals(other.get(e.getKey()), loaded.get("two").get(e.getKey()), e.getKey());
        }
    }

    private static float[] scaled(float[] v, float k) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * k;
        }
        return out;
    }

    @Test
    void exportThenLoadGivesBitIdenticalPredictions(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("a_from_b");
        DenoiserSavedModel.export(SPEC, trained.weights(), model);
        assertTrue(Files.exists(model.resolve("saved_model.pb")));
        DenoiserWeights loaded = DenoiserSavedModel.loadWeights(SPEC, model);
        for (Map.Entry<String, float[]> e : trained.weights().asMap().entrySet()) {
            assertArrayEquals(e.getValue(), loaded.get(e.getKey()), e.getKey());
        }
        int n = 5;
        float[] x = new float[n * DIM];
        float[] steps = {0, 10, 250, 500, 999};
        float[] cond = java.util.Arrays.copyOf(validation.conditions(), n * COND);
        float[] mask = {1, 1, 0, 1, 1};
        Random r = new Random(9);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        float[] served = DenoiserSavedModel.serve(SPEC, model, x, steps, cond, mask);
        try (InferenceGraph original = new InferenceGraph(Map.of(SPEC, trained.weights()));
                InferenceGraph reloaded = new InferenceGraph(Map.of(SPEC, loaded))) {
            float[] a = original.epsilon(SPEC.name(), x, steps, cond, mask);
            float[] b = reloaded.epsilon(SPEC.name(), x, steps, cond, mask);
            assertArrayEquals(a, b);
            // The serving graph folds batch norm into the hidden layers: the SavedModel's outputs to float32 rounding.
            for (int i = 0; i < a.length; i++) {
                assertEquals(served[i], a[i], 1e-5 * (1 + Math.abs(served[i])), "output " + i);
            }
        }
    }

    @Test
    void aRowsPredictionDoesNotDependOnItsBatch() {
        try (InferenceGraph graph = new InferenceGraph(Map.of(SPEC, trained.weights()))) {
            float[] x = java.util.Arrays.copyOf(validation.target(), 8 * DIM);
            float[] steps = {3, 3, 3, 3, 3, 3, 3, 3};
            float[] cond = java.util.Arrays.copyOf(validation.conditions(), 8 * COND);
            float[] mask = {1, 1, 1, 1, 1, 1, 1, 1};
            float[] all = graph.epsilon(SPEC.name(), x, steps, cond, mask);
            float[] one = graph.epsilon(
                    SPEC.name(),
                    java.util.Arrays.copyOfRange(x, 2 * DIM, 3 * DIM),
                    new float[] {3},
                    java.util.Arrays.copyOfRange(cond, 2 * COND, 3 * COND),
                    new float[] {1});
            for (int j = 0; j < DIM; j++) {
                assertEquals(all[2 * DIM + j], one[j], 1e-5);
            }
        }
    }
}
