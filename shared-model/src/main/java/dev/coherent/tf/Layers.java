package dev.coherent.tf;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The layers every network of the engine is made of (dense and batch norm), their parameter naming
 * and PyTorch's initialization; the one home of these formulas.
 *
 * <p>Parameters are looked up by name through a function, so the same code builds a training graph
 * over variables and an inference graph over restored weights. Names are flat ({@code <layer>_w},
 * {@code <bn>_gamma}): TF Java's optimizer breaks on sub-scopes.
 */
public final class Layers {
    public static final String WEIGHT = "_w";
    public static final String BIAS = "_b";
    public static final String GAMMA = "_gamma";
    public static final String BETA = "_beta";
    public static final String MOVING_MEAN = "_mean";
    public static final String MOVING_VAR = "_var";
    /** Batch-norm constants of PyTorch's defaults, which the reference uses. */
    public static final float BN_EPSILON = 1e-5f;

    public static final float BN_MOMENTUM = 0.1f;

    private Layers() {}

    /** Adds the shapes of a dense layer {@code in → units}. */
    public static void dense(Map<String, long[]> shapes, String layer, int in, int units) {
        shapes.put(layer + WEIGHT, new long[] {in, units});
        shapes.put(layer + BIAS, new long[] {units});
    }

    /** Adds the shapes of a batch norm over {@code width} features (scale, shift, running statistics). */
    public static void batchNorm(Map<String, long[]> shapes, String bn, int width) {
        shapes.put(bn + GAMMA, new long[] {width});
        shapes.put(bn + BETA, new long[] {width});
        shapes.put(bn + MOVING_MEAN, new long[] {width});
        shapes.put(bn + MOVING_VAR, new long[] {width});
    }

    /** True for parameters an optimizer updates (everything but batch-norm running statistics). */
    public static boolean trainable(String name) {
        return !name.endsWith(MOVING_MEAN) && !name.endsWith(MOVING_VAR);
    }

    /** {@code in · W + b}. */
    public static Operand<TFloat32> dense(
            Ops tf, Function<String, Operand<TFloat32>> param, String layer, Operand<TFloat32> in) {
        return tf.nn.biasAdd(tf.linalg.matMul(in, param.apply(layer + WEIGHT)), param.apply(layer + BIAS));
    }

    /**
     * Batch norm as PyTorch's {@code BatchNorm1d}: in training, normalizes with the batch statistics
     * and adds the running-average updates (momentum 0.1, unbiased variance) to {@code updates}; in
     * inference, normalizes with the running statistics, so a row's output does not depend on its batch.
     */
    @SuppressWarnings("unchecked")
    public static Operand<TFloat32> batchNorm(
            Ops tf,
            Function<String, Operand<TFloat32>> param,
            String bn,
            Operand<TFloat32> z,
            boolean training,
            List<Op> updates) {
        Operand<TFloat32> mean;
        Operand<TFloat32> variance;
        if (training) {
            Operand<TInt32> axis = tf.constant(new int[] {0});
            mean = tf.math.mean(z, axis);
            Operand<TFloat32> centered = tf.math.sub(z, mean);
            variance = tf.math.mean(tf.math.square(centered), axis);
            // Running variance uses the unbiased batch variance, as PyTorch does.
            Operand<TFloat32> n =
                    tf.dtypes.cast(tf.gather(tf.shape(z), tf.constant(0), tf.constant(0)), TFloat32.class);
            Operand<TFloat32> unbiased = tf.math.mul(
                    variance, tf.math.div(n, tf.math.maximum(tf.math.sub(n, tf.constant(1f)), tf.constant(1f))));
            updates.add(movingAverage(tf, (Variable<TFloat32>) param.apply(bn + MOVING_MEAN), mean));
            updates.add(movingAverage(tf, (Variable<TFloat32>) param.apply(bn + MOVING_VAR), unbiased));
        } else {
            mean = param.apply(bn + MOVING_MEAN);
            variance = param.apply(bn + MOVING_VAR);
        }
        Operand<TFloat32> scale =
                tf.math.mul(tf.math.rsqrt(tf.math.add(variance, tf.constant(BN_EPSILON))), param.apply(bn + GAMMA));
        return tf.math.add(tf.math.mul(tf.math.sub(z, mean), scale), param.apply(bn + BETA));
    }

    private static Op movingAverage(Ops tf, Variable<TFloat32> var, Operand<TFloat32> batchValue) {
        Operand<TFloat32> value = tf.stopGradient(batchValue);
        return tf.assign(
                var,
                tf.math.add(
                        tf.math.mul(var, tf.constant(1 - BN_MOMENTUM)), tf.math.mul(value, tf.constant(BN_MOMENTUM))));
    }

    /**
     * Initial parameters as PyTorch initializes its layers: dense weights and biases uniform in
     * ±1/√fan_in, batch-norm scale 1, shift 0, running mean 0 and variance 1. Draws in the order of
     * {@code shapes}, so the same seed gives the same weights.
     */
    public static Map<String, float[]> initial(Map<String, long[]> shapes, SplittableRandom random) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> p : shapes.entrySet()) {
            String name = p.getKey();
            long[] shape = p.getValue();
            int size = (int) (shape.length == 1 ? shape[0] : shape[0] * shape[1]);
            float[] v = new float[size];
            if (name.endsWith(GAMMA) || name.endsWith(MOVING_VAR)) {
                Arrays.fill(v, 1f);
            } else if (name.endsWith(BETA) || name.endsWith(MOVING_MEAN)) {
                // zeros
            } else {
                String layer = name.substring(0, name.lastIndexOf('_'));
                long fanIn = shapes.get(layer + WEIGHT)[0];
                double bound = 1 / Math.sqrt(fanIn);
                for (int i = 0; i < size; i++) {
                    v[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
                }
            }
            out.put(name, v);
        }
        return out;
    }

    /** Graph variables (for training) holding {@code initial} values, named and ordered as {@code shapes}. */
    public static Map<String, Variable<TFloat32>> variables(
            Ops tf, Map<String, long[]> shapes, Map<String, float[]> initial) {
        Map<String, Variable<TFloat32>> out = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> p : shapes.entrySet()) {
            out.put(
                    p.getKey(),
                    tf.withName(p.getKey())
                            .variable(tf.constant(
                                    Shape.of(p.getValue()), DataBuffers.of(initial.get(p.getKey()), true, false))));
        }
        return out;
    }
}
