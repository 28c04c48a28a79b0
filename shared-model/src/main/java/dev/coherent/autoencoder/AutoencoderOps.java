package dev.coherent.autoencoder;

import dev.coherent.tf.Layers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Builds the autoencoder's encoder and decoder into a graph; the one home of its architecture
 * (see {@link AutoencoderSpec}). Functions take {@link Ops} and a parameter lookup and return
 * operands; they never create or run sessions.
 */
public final class AutoencoderOps {
    public static final String LATENT_LAYER = "latent";
    public static final String OUTPUT_LAYER = "recon";

    private AutoencoderOps() {}

    public static String encoderLayer(int i) {
        return "enc" + i;
    }

    public static String encoderNorm(int i) {
        return "enc_bn" + i;
    }

    public static String decoderLayer(int i) {
        return "dec" + i;
    }

    public static String decoderNorm(int i) {
        return "dec_bn" + i;
    }

    /** The encoder's parameters, in a stable order. */
    public static Map<String, long[]> encoderShapes(AutoencoderSpec spec) {
        Map<String, long[]> out = new LinkedHashMap<>();
        int in = spec.inputDim();
        List<Integer> widths = spec.widths();
        for (int i = 0; i < widths.size(); i++) {
            Layers.dense(out, encoderLayer(i), in, widths.get(i));
            Layers.batchNorm(out, encoderNorm(i), widths.get(i));
            in = widths.get(i);
        }
        Layers.dense(out, LATENT_LAYER, in, spec.latentDim());
        return out;
    }

    /** The decoder's parameters, in a stable order. */
    public static Map<String, long[]> decoderShapes(AutoencoderSpec spec) {
        Map<String, long[]> out = new LinkedHashMap<>();
        int in = spec.latentDim();
        List<Integer> widths = spec.widths();
        for (int i = 0; i < widths.size(); i++) {
            int w = widths.get(widths.size() - 1 - i);
            Layers.dense(out, decoderLayer(i), in, w);
            Layers.batchNorm(out, decoderNorm(i), w);
            in = w;
        }
        Layers.dense(out, OUTPUT_LAYER, in, spec.inputDim());
        return out;
    }

    /** Encoder and decoder parameters together (training). */
    public static Map<String, long[]> parameterShapes(AutoencoderSpec spec) {
        Map<String, long[]> out = new LinkedHashMap<>(encoderShapes(spec));
        out.putAll(decoderShapes(spec));
        return out;
    }

    /**
     * The code of {@code x} [n, D].
     *
     * @param training batch statistics and running-average updates (added to {@code updates}) when
     *     true; running statistics when false
     */
    public static Operand<TFloat32> encode(
            Ops tf,
            AutoencoderSpec spec,
            Function<String, Operand<TFloat32>> param,
            Operand<TFloat32> x,
            boolean training,
            List<Op> updates) {
        Operand<TFloat32> h = x;
        for (int i = 0; i < spec.layers(); i++) {
            h = tf.nn.relu(Layers.batchNorm(
                    tf, param, encoderNorm(i), Layers.dense(tf, param, encoderLayer(i), h), training, updates));
        }
        return Layers.dense(tf, param, LATENT_LAYER, h);
    }

    /** The reconstruction of codes {@code z} [n, L]; see {@link #encode} for {@code training}. */
    public static Operand<TFloat32> decode(
            Ops tf,
            AutoencoderSpec spec,
            Function<String, Operand<TFloat32>> param,
            Operand<TFloat32> z,
            boolean training,
            List<Op> updates) {
        Operand<TFloat32> h = z;
        for (int i = 0; i < spec.layers(); i++) {
            h = tf.nn.relu(Layers.batchNorm(
                    tf, param, decoderNorm(i), Layers.dense(tf, param, decoderLayer(i), h), training, updates));
        }
        return Layers.dense(tf, param, OUTPUT_LAYER, h);
    }
}
