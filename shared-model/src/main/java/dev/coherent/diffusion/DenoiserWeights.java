package dev.coherent.diffusion;

import dev.coherent.tf.Layers;
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
        return new DenoiserWeights(Layers.initial(DenoiserOps.parameterShapes(spec), new SplittableRandom(seed)));
    }
}
