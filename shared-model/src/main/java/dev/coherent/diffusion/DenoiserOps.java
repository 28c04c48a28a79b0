package dev.coherent.diffusion;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
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
    public static final String WEIGHT = "_w";
    public static final String BIAS = "_b";
    public static final String GAMMA = "_gamma";
    public static final String BETA = "_beta";
    public static final String MOVING_MEAN = "_mean";
    public static final String MOVING_VAR = "_var";
    public static final String TIME_LAYER = "time";
    public static final String OUTPUT_LAYER = "out";
    /** Batch-norm constants of PyTorch's defaults, which the reference uses. */
    public static final float BN_EPSILON = 1e-5f;
    public static final float BN_MOMENTUM = 0.1f;

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
            String bn = batchNorm(i);
            out.put(bn + GAMMA, new long[] {h});
            out.put(bn + BETA, new long[] {h});
            out.put(bn + MOVING_MEAN, new long[] {h});
            out.put(bn + MOVING_VAR, new long[] {h});
            in = h + e;
        }
        dense(out, OUTPUT_LAYER, in, spec.targetDim());
        return out;
    }

    /** True for parameters the optimizer updates (everything but batch-norm running statistics). */
    public static boolean trainable(String name) {
        return !name.endsWith(MOVING_MEAN) && !name.endsWith(MOVING_VAR);
    }

    private static void dense(Map<String, long[]> out, String layer, int in, int units) {
        out.put(layer + WEIGHT, new long[] {in, units});
        out.put(layer + BIAS, new long[] {units});
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
        return tf.nn.biasAdd(tf.linalg.matMul(in, param.apply(layer + WEIGHT)), param.apply(layer + BIAS));
    }

    @SuppressWarnings("unchecked")
    private static Operand<TFloat32> batchNorm(Ops tf, Function<String, Operand<TFloat32>> param, String bn,
            Operand<TFloat32> z, boolean training, List<Op> updates) {
        Operand<TFloat32> mean;
        Operand<TFloat32> variance;
        if (training) {
            Operand<org.tensorflow.types.TInt32> axis = tf.constant(new int[] {0});
            mean = tf.math.mean(z, axis);
            Operand<TFloat32> centered = tf.math.sub(z, mean);
            variance = tf.math.mean(tf.math.square(centered), axis);
            // Running variance uses the unbiased batch variance, as PyTorch does.
            Operand<TFloat32> n = tf.dtypes.cast(tf.gather(tf.shape(z), tf.constant(0), tf.constant(0)), TFloat32.class);
            Operand<TFloat32> unbiased = tf.math.mul(variance, tf.math.div(n, tf.math.maximum(
                    tf.math.sub(n, tf.constant(1f)), tf.constant(1f))));
            updates.add(movingAverage(tf, (Variable<TFloat32>) param.apply(bn + MOVING_MEAN), mean));
            updates.add(movingAverage(tf, (Variable<TFloat32>) param.apply(bn + MOVING_VAR), unbiased));
        } else {
            mean = param.apply(bn + MOVING_MEAN);
            variance = param.apply(bn + MOVING_VAR);
        }
        Operand<TFloat32> scale = tf.math.mul(tf.math.rsqrt(tf.math.add(variance, tf.constant(BN_EPSILON))),
                param.apply(bn + GAMMA));
        return tf.math.add(tf.math.mul(tf.math.sub(z, mean), scale), param.apply(bn + BETA));
    }

    private static Op movingAverage(Ops tf, Variable<TFloat32> var, Operand<TFloat32> batchValue) {
        Operand<TFloat32> value = tf.stopGradient(batchValue);
        return tf.assign(var, tf.math.add(tf.math.mul(var, tf.constant(1 - BN_MOMENTUM)),
                tf.math.mul(value, tf.constant(BN_MOMENTUM))));
    }

}
