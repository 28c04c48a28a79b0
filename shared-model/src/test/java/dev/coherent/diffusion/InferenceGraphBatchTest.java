package dev.coherent.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A row's predicted noise must not depend on how many rows share the network call, nor where in
 * the call it sits: the functions merge concurrent requests into one call (dynamic batching) and
 * promise the same numbers batched or alone.
 */
class InferenceGraphBatchTest {
    private static final int DIM = 32;
    /** Production widths (the auto config for 1,000 to 4,000 patients): where rounding varied with the row count. */
    private static final DenoiserConfig NETWORK = new DenoiserConfig(128, 256, 3, 32);

    @Test
    void aRowsPredictionIsTheSameWhateverTheBatchAroundIt() {
        DenoiserSpec spec = new DenoiserSpec(
                DenoiserSpec.singleName("a", "b"), DenoiserRole.SINGLE, "a", DIM, List.of("b"), List.of(DIM), NETWORK);
        Map<DenoiserSpec, DenoiserWeights> models = new LinkedHashMap<>();
        models.put(spec, DenoiserWeights.initial(spec, 7));
        try (InferenceGraph graph = new InferenceGraph(models)) {
            NoisePredictor predictor = graph.predictor(List.of(spec.name()));
            Random r = new Random(3);
            float[] x = new float[DIM];
            float[] condition = new float[DIM];
            for (int i = 0; i < DIM; i++) {
                x[i] = (float) r.nextGaussian();
                condition[i] = (float) r.nextGaussian();
            }
            float[] alone = rowOf(predictor, x, condition, 1, 0, r);
            for (int rows : new int[] {2, 3, 10, 33, 64, 65, 100, 257, 1000, 1024, 2049}) {
                for (int at : new int[] {0, rows / 2, rows - 1}) {
                    assertArrayEquals(alone, rowOf(predictor, x, condition, rows, at, r), "row " + at + " of " + rows);
                }
            }
        }
    }

    /** The prediction for (x, condition) placed at row {@code at} of {@code rows} random rows. */
    private static float[] rowOf(NoisePredictor predictor, float[] x, float[] condition, int rows, int at, Random r) {
        float[] xs = new float[rows * DIM];
        float[] cs = new float[rows * DIM];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = (float) r.nextGaussian();
            cs[i] = (float) r.nextGaussian();
        }
        System.arraycopy(x, 0, xs, at * DIM, DIM);
        System.arraycopy(condition, 0, cs, at * DIM, DIM);
        float[] mask = new float[rows];
        Arrays.fill(mask, 1f);
        Conditioning c =
                new Conditioning(rows, new float[][] {cs}, new int[] {DIM}, new float[][] {mask}, new int[] {1});
        float[] eps = predictor.predict(xs, 500, c)[0];
        return Arrays.copyOfRange(eps, at * DIM, (at + 1) * DIM);
    }
}
