package dev.coherent.autoencoder;

import dev.coherent.preprocess.LatentKind;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The shape of one modality's encoder and decoder: which kind, from how many preprocessed features
 * to how wide a code. Dispatches graph building to {@link AutoencoderOps} or {@link PcaOps}.
 *
 * @param inputDim preprocessed features D
 * @param latentDim code width L (equal to D for {@link LatentKind#NONE})
 * @param layers autoencoder hidden blocks (0 otherwise)
 * @param shrink autoencoder shrink exponent (0 otherwise)
 */
public record EncoderSpec(String modality, LatentKind kind, int inputDim, int latentDim, int layers, double shrink) {
    public EncoderSpec {
        if (kind == LatentKind.NONE && latentDim != inputDim) {
            throw new IllegalArgumentException(modality + ": latent none keeps the " + inputDim + " features");
        }
    }

    /** The spec of a modality given its preprocessing settings and the number of features kept. */
    public static EncoderSpec of(String modality, dev.coherent.preprocess.PreprocessingSpec spec, int inputDim) {
        return switch (spec.latent()) {
            case AUTOENCODER ->
                new EncoderSpec(
                        modality, LatentKind.AUTOENCODER, inputDim, spec.latentDim(), spec.layers(), spec.shrink());
            case PCA -> new EncoderSpec(modality, LatentKind.PCA, inputDim, spec.latentDim(), 0, 0);
            case NONE -> new EncoderSpec(modality, LatentKind.NONE, inputDim, inputDim, 0, 0);
        };
    }

    public AutoencoderSpec autoencoder() {
        if (kind != LatentKind.AUTOENCODER) {
            throw new IllegalStateException(modality + " has no autoencoder");
        }
        return new AutoencoderSpec(inputDim, latentDim, layers, shrink);
    }

    /** The autoencoder's hidden widths, empty for other kinds. */
    public List<Integer> widths() {
        return kind == LatentKind.AUTOENCODER ? autoencoder().widths() : List.of();
    }

    /** The encoder's parameters (empty for {@link LatentKind#NONE}). */
    public Map<String, long[]> encoderShapes() {
        return switch (kind) {
            case AUTOENCODER -> AutoencoderOps.encoderShapes(autoencoder());
            case PCA -> PcaOps.shapes(inputDim, latentDim);
            case NONE -> Map.of();
        };
    }

    /** The decoder's parameters (empty for {@link LatentKind#NONE}). */
    public Map<String, long[]> decoderShapes() {
        return switch (kind) {
            case AUTOENCODER -> AutoencoderOps.decoderShapes(autoencoder());
            case PCA -> PcaOps.shapes(inputDim, latentDim);
            case NONE -> Map.of();
        };
    }

    /** The inference-mode code of {@code x} [n, D]. */
    public Operand<TFloat32> encode(Ops tf, Function<String, Operand<TFloat32>> param, Operand<TFloat32> x) {
        return switch (kind) {
            case AUTOENCODER -> AutoencoderOps.encode(tf, autoencoder(), param, x, false, new java.util.ArrayList<>());
            case PCA -> PcaOps.encode(tf, param, x);
            case NONE -> tf.identity(x);
        };
    }

    /** The inference-mode reconstruction of codes {@code z} [n, L]. */
    public Operand<TFloat32> decode(Ops tf, Function<String, Operand<TFloat32>> param, Operand<TFloat32> z) {
        return switch (kind) {
            case AUTOENCODER -> AutoencoderOps.decode(tf, autoencoder(), param, z, false, new java.util.ArrayList<>());
            case PCA -> PcaOps.decode(tf, param, z);
            case NONE -> tf.identity(z);
        };
    }
}
