package dev.coherent.autoencoder;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;

/**
 * Builds the PCA encoder (standardize, project on the components) and decoder (the transpose,
 * then undo the standardization) into a graph; see {@link PrincipalComponents} for the fit.
 */
public final class PcaOps {
    public static final String MEAN = "pca_mean";
    public static final String SCALE = "pca_scale";
    public static final String COMPONENTS = "pca_components";

    private PcaOps() {}

    /** Parameters of either direction: mean [D], scale [D], components [D, L]. */
    public static Map<String, long[]> shapes(int inputDim, int latentDim) {
        Map<String, long[]> out = new LinkedHashMap<>();
        out.put(MEAN, new long[] {inputDim});
        out.put(SCALE, new long[] {inputDim});
        out.put(COMPONENTS, new long[] {inputDim, latentDim});
        return out;
    }

    /** {@code ((x − mean) / scale) · W}. */
    public static Operand<TFloat32> encode(Ops tf, Function<String, Operand<TFloat32>> param, Operand<TFloat32> x) {
        return tf.linalg.matMul(
                tf.math.div(tf.math.sub(x, param.apply(MEAN)), param.apply(SCALE)), param.apply(COMPONENTS));
    }

    /** {@code (z · Wᵀ) · scale + mean}. */
    public static Operand<TFloat32> decode(Ops tf, Function<String, Operand<TFloat32>> param, Operand<TFloat32> z) {
        Operand<TFloat32> back = tf.linalg.matMul(z, param.apply(COMPONENTS), MatMul.transposeB(true));
        return tf.math.add(tf.math.mul(back, param.apply(SCALE)), param.apply(MEAN));
    }
}
