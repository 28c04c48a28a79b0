package dev.coherent.modelset;

import dev.coherent.cohort.FeatureScaler;
import java.util.List;

/**
 * One modality of a model set: its features and the standardization fitted on the training split.
 *
 * @param present number of training patients that have it
 */
public record ModalityInfo(String name, int dim, List<String> features, double[] mean, double[] std, int present) {

    public FeatureScaler scaler() {
        return new FeatureScaler(name, mean, std);
    }

    public static ModalityInfo of(FeatureScaler scaler, List<String> features, int present) {
        return new ModalityInfo(scaler.modality(), scaler.dim(), features, scaler.mean(), scaler.std(), present);
    }
}
