package dev.coherent.diffusion;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The parameters of one denoiser as plain Java arrays, detached from any graph.
 *
 * <p>This is how weights travel between training, export, loading and the fused inference graph;
 * names are the constants of {@link DenoiserOps}. Instances are immutable in practice: do not modify
 * the arrays after construction.
 */
public final class DenoiserWeights {
    private final Map<String, float[]> values;

    public DenoiserWeights(Map<String, float[]> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public float[] get(String name) {
        float[] v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no parameter named " + name);
        }
        return v;
    }

    public Map<String, float[]> asMap() {
        return values;
    }

    /** Total number of scalar parameters. */
    public long count() {
        long n = 0;
        for (float[] v : values.values()) {
            n += v.length;
        }
        return n;
    }

    /**
     * Initial parameters as PyTorch initializes its layers: Linear weights and biases uniform in
     * ±1/√fan_in, batch-norm scale 1, shift 0, running mean 0 and variance 1. Seeded.
     */
    public static DenoiserWeights initial(DenoiserSpec spec, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> p : DenoiserOps.parameterShapes(spec).entrySet()) {
            String name = p.getKey();
            long[] shape = p.getValue();
            int size = (int) (shape.length == 1 ? shape[0] : shape[0] * shape[1]);
            float[] v = new float[size];
            if (name.endsWith(DenoiserOps.GAMMA) || name.endsWith(DenoiserOps.MOVING_VAR)) {
                java.util.Arrays.fill(v, 1f);
            } else if (name.endsWith(DenoiserOps.BETA) || name.endsWith(DenoiserOps.MOVING_MEAN)) {
                // zeros
            } else {
                String layer = name.substring(0, name.lastIndexOf('_'));
                long fanIn = DenoiserOps.parameterShapes(spec).get(layer + DenoiserOps.WEIGHT)[0];
                double bound = 1 / Math.sqrt(fanIn);
                for (int i = 0; i < size; i++) {
                    v[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
                }
            }
            out.put(name, v);
        }
        return new DenoiserWeights(out);
    }
}
