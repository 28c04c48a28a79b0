package dev.coherent.preprocess;

import java.util.List;

/**
 * Everything a fitted preprocessing of one modality needs at inference time, stored in a model set
 * as {@code encoders/<modality>/preprocessing.json}. It holds aggregates of the training split
 * (kept feature names, centers, medians) and never a patient row.
 *
 * @param modality the modality
 * @param recipe the recipe's label ({@link Recipe#label()})
 * @param inputFeatures the raw feature names the recipe reads, in the training cohort's order
 * @param features the kept features, in order: the preprocessed space (a subset of {@code inputFeatures})
 * @param minCpm counts: the CPM threshold used by the filter
 * @param minFraction counts: the fraction of training patients that had to reach it
 * @param maxMissing the missing-fraction threshold used by the filter
 * @param impute how missing cells were filled in training data ({@link CellImputation#label()})
 * @param k neighbours of the KNN imputation
 * @param centers median_center: the training median of each kept feature, subtracted; else {@code null}
 * @param medians the training median of each kept feature after preprocessing: what fills a missing
 *     cell of a provided modality at inference time
 * @param trainingRows training patients the parameters were fitted on
 */
public record PreprocessingParameters(
        String modality,
        String recipe,
        List<String> inputFeatures,
        List<String> features,
        double minCpm,
        double minFraction,
        double maxMissing,
        String impute,
        int k,
        double[] centers,
        double[] medians,
        int trainingRows) {

    public PreprocessingParameters {
        inputFeatures = List.copyOf(inputFeatures);
        features = List.copyOf(features);
        if (medians == null || medians.length != features.size()) {
            throw new IllegalArgumentException(modality + ": need one median per kept feature");
        }
        if (centers != null && centers.length != features.size()) {
            throw new IllegalArgumentException(modality + ": need one center per kept feature");
        }
    }

    public Recipe recipeKind() {
        return Recipe.parse(recipe);
    }

    /** Width of the preprocessed space. */
    public int dim() {
        return features.size();
    }
}
