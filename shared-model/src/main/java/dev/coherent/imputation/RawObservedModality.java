package dev.coherent.imputation;

import java.util.List;

/**
 * A modality the patient provided, after preprocessing with the model set's stored parameters.
 *
 * @param features the kept features (the preprocessed space)
 * @param values preprocessed values, missing cells filled with the training medians
 * @param filledCells how many kept features were missing and filled
 */
public record RawObservedModality(List<String> features, float[] values, int filledCells) {}
