package dev.coherent.autoencoder;

import dev.coherent.preprocess.LatentKind;
import dev.coherent.tf.SavedModels;
import dev.coherent.tf.Tensors;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Writes a modality's encoder and decoder as two TensorFlow SavedModels and reads their weights back.
 *
 * <p>Encoder: {@code serving_default} takes {@code x} [n, D] (preprocessed features) and returns
 * {@code z} [n, L]. Decoder: takes {@code z} [n, L] and returns {@code x} [n, D]. Inference path
 * only (batch norm with running statistics), weights as variables; any TensorFlow runtime can serve
 * them. {@link LatentKind#NONE} has no SavedModel.
 */
public final class EncoderSavedModels {
    public static final String SIGNATURE = Signature.DEFAULT_KEY;
    public static final String FEATURES = "x";
    public static final String CODE = "z";

    private EncoderSavedModels() {}

    /** Exports the encoder into {@code encoderDir} and the decoder into {@code decoderDir}. */
    public static void export(EncoderSpec spec, Map<String, float[]> weights, Path encoderDir, Path decoderDir) {
        if (spec.kind() == LatentKind.NONE) {
            throw new IllegalArgumentException(spec.modality() + ": latent none has no encoder to export");
        }
        SavedModels.export(encoderDir, spec.encoderShapes(), subset(weights, spec.encoderShapes()), (tf, vars) -> {
            Placeholder<TFloat32> x =
                    tf.withName(FEATURES).placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, spec.inputDim())));
            Operand<TFloat32> z = tf.withName(CODE).identity(spec.encode(tf, vars::get, x));
            return Signature.builder(SIGNATURE)
                    .input(FEATURES, x)
                    .output(CODE, z)
                    .build();
        });
        SavedModels.export(decoderDir, spec.decoderShapes(), subset(weights, spec.decoderShapes()), (tf, vars) -> {
            Placeholder<TFloat32> z =
                    tf.withName(CODE).placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, spec.latentDim())));
            Operand<TFloat32> x = tf.withName(FEATURES).identity(spec.decode(tf, vars::get, z));
            return Signature.builder(SIGNATURE)
                    .input(CODE, z)
                    .output(FEATURES, x)
                    .build();
        });
    }

    /** The encoder's weights from its SavedModel. */
    public static Map<String, float[]> loadEncoder(EncoderSpec spec, Path dir) {
        return SavedModels.loadWeights(dir, spec.encoderShapes().keySet());
    }

    /** The decoder's weights from its SavedModel. */
    public static Map<String, float[]> loadDecoder(EncoderSpec spec, Path dir) {
        return SavedModels.loadWeights(dir, spec.decoderShapes().keySet());
    }

    /**
     * Calls a SavedModel's serving signature once, as an external TensorFlow runtime would.
     *
     * @param input {@link #FEATURES} for an encoder, {@link #CODE} for a decoder
     */
    public static float[] serve(Path dir, String input, String output, float[] values, int rows, int cols) {
        try (SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), SavedModels.TAG);
                TFloat32 t = Tensors.matrix(values, rows, cols);
                Result r = bundle.function(SIGNATURE).call(Map.of(input, t))) {
            return Tensors.toArray(r.get(output).orElseThrow());
        }
    }

    private static Map<String, float[]> subset(Map<String, float[]> weights, Map<String, long[]> shapes) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (String name : shapes.keySet()) {
            float[] w = weights.get(name);
            if (w == null) {
                throw new IllegalArgumentException("no value for parameter " + name);
            }
            out.put(name, w);
        }
        return out;
    }
}
