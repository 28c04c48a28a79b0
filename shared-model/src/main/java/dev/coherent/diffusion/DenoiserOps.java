package dev.coherent.diffusion;

import dev.coherent.tf.Layers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Builds the reference's {@code norm_mlp} denoiser into a graph; the one home of its formula.
 *
 * <p>Sinusoidal embedding of the integer step → Linear+ReLU (t_emb); each condition Linear(d→32)+ReLU
 * times its 0/1 mask; h = [x_t, t_emb, conditions]; L−1 hidden layers Linear → BatchNorm → ReLU →
 * concat(t_emb); a linear output predicting ε (reference-method.md §4). Functions take an
 * {@link Ops} and a parameter lookup and return operands; they never create or run sessions.
 * Parameter names are flat (TF Java's optimizer breaks on sub-scopes).
 */
public final class DenoiserOps {
    public static final String WEIGHT = Layers.WEIGHT;
    public static final String BIAS = Layers.BIAS;
    public static final String GAMMA = Layers.GAMMA;
    public static final String BETA = Layers.BETA;
    public static final String MOVING_MEAN = Layers.MOVING_MEAN;
    public static final String MOVING_VAR = Layers.MOVING_VAR;
    public static final String TIME_LAYER = "time";
    public static final String OUTPUT_LAYER = "out";
    /** Batch-norm constants of PyTorch's defaults, which the reference uses. */
    public static final float BN_EPSILON = Layers.BN_EPSILON;
    public static final float BN_MOMENTUM = Layers.BN_MOMENTUM;

    private DenoiserOps() {}

    public static String conditionLayer(int i) {
        return "cond" + i;
    }

    public static String hiddenLayer(int i) {
        return "hidden" + i;
    }

    public static String batchNorm(int i) {
        return "bn" + i;
    }

    /** Names and shapes of every parameter, in a stable order. */
    public static Map<String, long[]> parameterShapes(DenoiserSpec spec) {
        DenoiserConfig c = spec.network();
        int e = c.timeEmbedding();
        int h = c.hidden();
        Map<String, long[]> out = new LinkedHashMap<>();
        dense(out, TIME_LAYER, e, e);
        for (int i = 0; i < spec.conditions().size(); i++) {
            dense(out, conditionLayer(i), spec.conditionDims().get(i), c.conditionEmbedding());
        }
        int in = spec.targetDim() + e + c.conditionEmbedding() * spec.conditions().size();
        for (int i = 0; i < c.layers() - 1; i++) {
            dense(out, hiddenLayer(i), in, h);
            Layers.batchNorm(out, batchNorm(i), h);
            in = h + e;
        }
        dense(out, OUTPUT_LAYER, in, spec.targetDim());
        return out;
    }

    /** True for parameters the optimizer updates (everything but batch-norm running statistics). */
    public static boolean trainable(String name) {
        return Layers.trainable(name);
    }

    private static void dense(Map<String, long[]> out, String layer, int in, int units) {
        Layers.dense(out, layer, in, units);
    }

    /**
     * Sinusoidal embedding of a step t: [sin(t·f_k), cos(t·f_k)] with f_k = exp(−k·ln(10000)/(half−1)),
     * all sines first (the reference's layout).
     */
    public static Operand<TFloat32> timeEmbedding(Ops tf, Operand<TFloat32> steps, int dim) {
        int half = dim / 2;
        float[] freqs = new float[half];
        for (int k = 0; k < half; k++) {
            freqs[k] = (float) Math.exp(-k * Math.log(10000.0) / (half - 1));
        }
        Operand<TFloat32> angles = tf.math.mul(tf.expandDims(steps, tf.constant(1)),
                tf.reshape(tf.constant(freqs), tf.constant(new int[] {1, half})));
        return tf.concat(List.of(tf.math.sin(angles), tf.math.cos(angles)), tf.constant(1));
    }

    /** The network's outputs: predicted noise and, in training mode, the running-statistics updates. */
    public record Outputs(Operand<TFloat32> epsilon, List<Op> statisticsUpdates) {}

    /**
     * Builds ε̂(x_t, t, conditions, mask).
     *
     * @param param looks up a parameter by name (variables when training, constants when serving)
     * @param x noisy sample [n, targetDim]
     * @param steps step index as float [n]
     * @param conditions concatenated conditions [n, conditionWidth]
     * @param mask 0/1 per condition [n, conditions]
     * @param training batch statistics and running-average updates when true; running statistics when false
     */
    public static Outputs build(Ops tf, DenoiserSpec spec, Function<String, Operand<TFloat32>> param,
            Operand<TFloat32> x, Operand<TFloat32> steps, Operand<TFloat32> conditions, Operand<TFloat32> mask,
            boolean training) {
        DenoiserConfig c = spec.network();
        List<Op> updates = new ArrayList<>();
        Operand<TFloat32> tEmb = tf.nn.relu(linear(tf, param, TIME_LAYER,
                timeEmbedding(tf, steps, c.timeEmbedding())));
        List<Operand<TFloat32>> parts = new ArrayList<>();
        parts.add(x);
        parts.add(tEmb);
        for (int i = 0; i < spec.conditions().size(); i++) {
            Operand<TFloat32> ci = tf.slice(conditions, tf.constant(new int[] {0, spec.conditionOffset(i)}),
                    tf.constant(new int[] {-1, spec.conditionDims().get(i)}));
            Operand<TFloat32> mi = tf.slice(mask, tf.constant(new int[] {0, i}), tf.constant(new int[] {-1, 1}));
            parts.add(tf.math.mul(tf.nn.relu(linear(tf, param, conditionLayer(i), ci)), mi));
        }
        Operand<TFloat32> h = tf.concat(parts, tf.constant(1));
        for (int i = 0; i < c.layers() - 1; i++) {
            Operand<TFloat32> z = linear(tf, param, hiddenLayer(i), h);
            z = batchNorm(tf, param, batchNorm(i), z, training, updates);
            h = tf.concat(List.of(tf.nn.relu(z), tEmb), tf.constant(1));
        }
        return new Outputs(linear(tf, param, OUTPUT_LAYER, h), updates);
    }

    private static Operand<TFloat32> linear(Ops tf, Function<String, Operand<TFloat32>> param, String layer,
            Operand<TFloat32> in) {
        return Layers.dense(tf, param, layer, in);
    }

    private static Operand<TFloat32> batchNorm(Ops tf, Function<String, Operand<TFloat32>> param, String bn,
            Operand<TFloat32> z, boolean training, List<Op> updates) {
        return Layers.batchNorm(tf, param, bn, z, training, updates);
    }
}
