package dev.coherent.imputation;

import java.util.List;

/**
 * One modality of a patient as raw values named by feature, in the units of the uploaded data.
 *
 * @param features feature names, one per value, in any order
 * @param values the values; {@code NaN} marks a missing cell (filled with the training median)
 */
public record RawValues(List<String> features, float[] values) {
    public RawValues {
        features = List.copyOf(features);
    }
}
