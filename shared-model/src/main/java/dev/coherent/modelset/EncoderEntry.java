package dev.coherent.modelset;

import dev.coherent.autoencoder.EncoderFitter;
import dev.coherent.autoencoder.EncoderSpec;
import dev.coherent.preprocess.LatentKind;
import java.util.List;
import java.util.Map;

/**
 * One modality's preprocessing and encoder in a model set ({@code encoders/<modality>/}), as
 * listed in the manifest: what it reads, how it encodes, and how well it reconstructs.
 *
 * @param kind {@code autoencoder}, {@code pca} or {@code none}
 * @param recipe the preprocessing recipe
 * @param rawFeatures raw features the preprocessing reads
 * @param inputDim features kept by the preprocessing (the decoder's output width)
 * @param latentDim code width: the modality's dimension in the model set
 * @param widths the autoencoder's hidden widths (empty for other kinds)
 * @param validationMse reconstruction MSE on validation patients, in preprocessed space
 * @param validationR2 reconstruction R² (per feature, averaged) on validation patients
 * @param files sha256 of the encoder's files, keys relative to {@code encoders/<modality>/}
 */
public record EncoderEntry(
        String modality,
        String kind,
        String recipe,
        int rawFeatures,
        int inputDim,
        int latentDim,
        int layers,
        double shrink,
        List<Integer> widths,
        double validationMse,
        double validationR2,
        int trainingRows,
        int validationRows,
        int epochs,
        int bestEpoch,
        double seconds,
        Map<String, String> files) {

    public EncoderEntry {
        widths = widths == null ? List.of() : List.copyOf(widths);
        files = files == null ? Map.of() : files;
    }

    public EncoderSpec spec() {
        return new EncoderSpec(modality, LatentKind.parse(kind), inputDim, latentDim, layers, shrink);
    }

    /** The entry of a freshly fitted encoder (no files yet). */
    public static EncoderEntry of(EncoderFitter.FittedEncoder f) {
        EncoderSpec s = f.spec();
        EncoderFitter.ReconstructionScore score = f.score();
        return new EncoderEntry(
                s.modality(),
                s.kind().label(),
                f.preprocessing().recipe(),
                f.preprocessing().inputFeatures().size(),
                s.inputDim(),
                s.latentDim(),
                s.layers(),
                s.shrink(),
                s.widths(),
                score.validationMse(),
                score.validationR2(),
                score.trainingRows(),
                score.validationRows(),
                score.epochs(),
                score.bestEpoch(),
                score.seconds(),
                Map.of());
    }

    public EncoderEntry withFiles(Map<String, String> newFiles) {
        return new EncoderEntry(
                modality,
                kind,
                recipe,
                rawFeatures,
                inputDim,
                latentDim,
                layers,
                shrink,
                widths,
                validationMse,
                validationR2,
                trainingRows,
                validationRows,
                epochs,
                bestEpoch,
                seconds,
                newFiles);
    }
}
