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
        int in = spec.targetDim()
                + e
                + c.conditionEmbedding() * spec.conditions().size();
        for (int i = 0; i < c.layers() - 1; i++) {
            dense(out, hiddenLayer(i), in, h);
            Layers.batchNorm(out, batchNorm(i), h);
            in = h + e;
        }
        dense(out, OUTPUT_LAYER, in, spec.targetDim());
        return out;
    }

    /**
     * The parameters of the serving graph ({@link #buildFolded}): as {@link #parameterShapes}
     * without the batch-norm parameters, which {@link #foldBatchNorm} moves into the hidden layers.
     */
    public static Map<String, long[]> foldedParameterShapes(DenoiserSpec spec) {
        Map<String, long[]> out = new LinkedHashMap<>(parameterShapes(spec));
        for (int i = 0; i < spec.network().layers() - 1; i++) {
            for (String p : List.of(GAMMA, BETA, MOVING_MEAN, MOVING_VAR)) {
                out.remove(batchNorm(i) + p);
            }
        }
        return out;
    }

    /**
     * Folds each hidden layer's inference batch norm into its linear layer: with
     * s = γ/√(running var + ε), BN(h·W + b) = h·(W·diag(s)) + (b − running mean)·s + β. The serving
     * graph then skips three passes over every hidden activation and TensorFlow can fuse
     * MatMul + BiasAdd + ReLU; outputs agree with the unfolded network to float32 rounding.
     */
    public static Map<String, float[]> foldBatchNorm(DenoiserSpec spec, Map<String, float[]> weights) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (String name : foldedParameterShapes(spec).keySet()) {
            out.put(name, weights.get(name));
        }
        int units = spec.network().hidden();
        for (int i = 0; i < spec.network().layers() - 1; i++) {
            String bn = batchNorm(i);
            float[] gamma = weights.get(bn + GAMMA);
            float[] beta = weights.get(bn + BETA);
            float[] mean = weights.get(bn + MOVING_MEAN);
            float[] variance = weights.get(bn + MOVING_VAR);
            float[] w = weights.get(hiddenLayer(i) + WEIGHT).clone();
            float[] b = weights.get(hiddenLayer(i) + BIAS).clone();
            double[] scale = new double[units];
            for (int j = 0; j < units; j++) {
                scale[j] = gamma[j] / Math.sqrt(variance[j] + (double) BN_EPSILON);
                b[j] = (float) ((b[j] - mean[j]) * scale[j] + beta[j]);
            }
            for (int r = 0; r < w.length / units; r++) {
                for (int j = 0; j < units; j++) {
                    w[r * units + j] = (float) (w[r * units + j] * scale[j]);
                }
            }
            out.put(hiddenLayer(i) + WEIGHT, w);
            out.put(hiddenLayer(i) + BIAS, b);
        }
        return out;
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
        Operand<TFloat32> angles = tf.math.mul(
                tf.expandDims(steps, tf.constant(1)), tf.reshape(tf.constant(freqs), tf.constant(new int[] {1, half})));
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
    public static Outputs build(
            Ops tf,
            DenoiserSpec spec,
            Function<String, Operand<TFloat32>> param,
            Operand<TFloat32> x,
            Operand<TFloat32> steps,
            Operand<TFloat32> conditions,
            Operand<TFloat32> mask,
            boolean training) {
        List<Op> updates = new ArrayList<>();
        Operand<TFloat32> eps = network(
                tf,
                spec,
                param,
                x,
                steps,
                conditions,
                mask,
                (i, z) -> batchNorm(tf, param, batchNorm(i), z, training, updates));
        return new Outputs(eps, updates);
    }

    /**
     * Builds ε̂ for serving from {@link #foldBatchNorm folded} parameters: the same network in
     * inference mode, without the batch-norm ops.
     */
    public static Operand<TFloat32> buildFolded(
            Ops tf,
            DenoiserSpec spec,
            Function<String, Operand<TFloat32>> param,
            Operand<TFloat32> x,
            Operand<TFloat32> steps,
            Operand<TFloat32> conditions,
            Operand<TFloat32> mask) {
        return network(tf, spec, param, x, steps, conditions, mask, (i, z) -> z);
    }

    /** The network, with {@code normalize} applied to each hidden layer's linear output (layer index, value). */
    private static Operand<TFloat32> network(
            Ops tf,
            DenoiserSpec spec,
            Function<String, Operand<TFloat32>> param,
            Operand<TFloat32> x,
            Operand<TFloat32> steps,
            Operand<TFloat32> conditions,
            Operand<TFloat32> mask,
            java.util.function.BiFunction<Integer, Operand<TFloat32>, Operand<TFloat32>> normalize) {
        DenoiserConfig c = spec.network();
        Operand<TFloat32> tEmb = tf.nn.relu(linear(tf, param, TIME_LAYER, timeEmbedding(tf, steps, c.timeEmbedding())));
        List<Operand<TFloat32>> parts = new ArrayList<>();
        parts.add(x);
        parts.add(tEmb);
        for (int i = 0; i < spec.conditions().size(); i++) {
            Operand<TFloat32> ci =
                    tf.slice(conditions, tf.constant(new int[] {0, spec.conditionOffset(i)}), tf.constant(new int[] {
                        -1, spec.conditionDims().get(i)
                    }));
            Operand<TFloat32> mi = tf.slice(mask, tf.constant(new int[] {0, i}), tf.constant(new int[] {-1, 1}));
            parts.add(tf.math.mul(tf.nn.relu(linear(tf, param, conditionLayer(i), ci)), mi));
        }
        Operand<TFloat32> h = tf.concat(parts, tf.constant(1));
        for (int i = 0; i < c.layers() - 1; i++) {
            Operand<TFloat32> z = normalize.apply(i, linear(tf, param, hiddenLayer(i), h));
            h = tf.concat(List.of(tf.nn.relu(z), tEmb), tf.constant(1));
        }
        return linear(tf, param, OUTPUT_LAYER, h);
    }

    private static Operand<TFloat32> linear(
            Ops tf, Function<String, Operand<TFloat32>> param, String layer, Operand<TFloat32> in) {
        return Layers.dense(tf, param, layer, in);
    }

    private static Operand<TFloat32> batchNorm(
            Ops tf,
            Function<String, Operand<TFloat32>> param,
            String bn,
            Operand<TFloat32> z,
            boolean training,
            List<Op> updates) {
        return Layers.batchNorm(tf, param, bn, z, training, updates);
    }
}
