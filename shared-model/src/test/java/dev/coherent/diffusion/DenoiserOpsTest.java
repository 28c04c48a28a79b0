package dev.coherent.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.coherent.tf.ServingSessions;
import dev.coherent.tf.Tensors;
import dev.coherent.tf.WeightVariables;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

class DenoiserOpsTest {
    private static final DenoiserSpec SPEC = new DenoiserSpec(
            "a_from_multi",
            DenoiserRole.MULTI,
            "a",
            4,
            List.of("b", "c"),
            List.of(3, 5),
            new DenoiserConfig(16, 32, 3, 8));

    @Test
    void foldedBatchNormGivesTheInferenceNetworksOutputs() {
        SplittableRandom random = new SplittableRandom(3);
        Map<String, float[]> weights =
                new LinkedHashMap<>(DenoiserWeights.initial(SPEC, 1).asMap());
        // Trained-looking running statistics and affine parameters, far from the identity.
        for (int i = 0; i < SPEC.network().layers() - 1; i++) {
            String bn = DenoiserOps.batchNorm(i);
            weights.put(bn + DenoiserOps.GAMMA, uniform(random, 0.5, 2));
            weights.put(bn + DenoiserOps.BETA, uniform(random, -1, 1));
            weights.put(bn + DenoiserOps.MOVING_MEAN, uniform(random, -1, 1));
            weights.put(bn + DenoiserOps.MOVING_VAR, uniform(random, 0.05, 3));
        }
        Map<String, float[]> folded = DenoiserOps.foldBatchNorm(SPEC, weights);
        assertEquals(DenoiserOps.foldedParameterShapes(SPEC).keySet(), folded.keySet());
        assertFalse(folded.keySet().stream().anyMatch(k -> k.startsWith(DenoiserOps.batchNorm(0))));

        int rows = 6;
        float[] x = uniform(random, -2, 2, rows * 4);
        float[] steps = {0, 1, 10, 250, 600, 999};
        float[] conditions = uniform(random, -2, 2, rows * 8);
        float[] mask = {1, 1, 0, 1, 1, 0, 0, 0, 1, 1, 0, 1};
        try (Graph g = new Graph();
                TFloat32 xt = Tensors.matrix(x, rows, 4);
                TFloat32 tt = Tensors.vector(steps);
                TFloat32 ct = Tensors.matrix(conditions, rows, 8);
                TFloat32 mt = Tensors.matrix(mask, rows, 2)) {
            Ops tf = Ops.create(g);
            Placeholder<TFloat32> xIn = tf.placeholder(TFloat32.class);
            Placeholder<TFloat32> tIn = tf.placeholder(TFloat32.class);
            Placeholder<TFloat32> cIn = tf.placeholder(TFloat32.class);
            Placeholder<TFloat32> mIn = tf.placeholder(TFloat32.class);
            WeightVariables plain = new WeightVariables(tf, DenoiserOps.parameterShapes(SPEC), "plain.");
            WeightVariables fused = new WeightVariables(tf, DenoiserOps.foldedParameterShapes(SPEC), "folded.");
            Operand<TFloat32> reference = DenoiserOps.build(tf, SPEC, plain::get, xIn, tIn, cIn, mIn, false)
                    .epsilon();
            Operand<TFloat32> served = DenoiserOps.buildFolded(tf, SPEC, fused::get, xIn, tIn, cIn, mIn);
            // Both networks' weights in one call, as the serving graphs assign them.
            try (Session s = ServingSessions.open(g, Map.of(plain, weights, fused, folded))) {
                try (Result r = s.runner()
                        .feed(xIn, xt)
                        .feed(tIn, tt)
                        .feed(cIn, ct)
                        .feed(mIn, mt)
                        .fetch(reference)
                        .fetch(served)
                        .run()) {
                    float[] a = Tensors.toArray(r.get(0));
                    float[] b = Tensors.toArray(r.get(1));
                    for (int i = 0; i < a.length; i++) {
                        assertEquals(a[i], b[i], 1e-5 * (1 + Math.abs(a[i])), "output " + i);
                    }
                }
            }
        }
    }

    private static float[] uniform(SplittableRandom random, double lo, double hi) {
        return uniform(random, lo, hi, SPEC.network().hidden());
    }

    private static float[] uniform(SplittableRandom random, double lo, double hi, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (lo + (hi - lo) * random.nextDouble());
        }
        return out;
    }
}
