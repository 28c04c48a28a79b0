package dev.coherent.preprocess;

/**
 * How one modality of a raw cohort is preprocessed and encoded, as declared in {@code cohort.json}.
 *
 * @param recipe how raw values become features
 * @param minCpm counts only: a feature is kept when its CPM is at least this ...
 * @param minFraction counts only: ... in at least this fraction of the training patients
 * @param maxMissing a feature is dropped when its missing fraction among training patients is at
 *     least this (the reference keeps it only below 0.1)
 * @param impute how the remaining missing cells are filled when fitting and encoding training data
 * @param k neighbours of the KNN imputation
 * @param latent how features become codes
 * @param latentDim width of the codes (32 in the reference), or {@link #AUTO_LATENT_DIM} to choose it
 *     on the training patients: the fewest principal components that keep
 *     {@link #AUTO_VARIANCE_SHARE} of the modality's variance, at most {@link #AUTO_MAX_LATENT_DIM}
 * @param layers autoencoder only: hidden blocks n of the encoder
 * @param shrink autoencoder only: shrink exponent s of the widths
 */
public record PreprocessingSpec(
        Recipe recipe,
        double minCpm,
        double minFraction,
        double maxMissing,
        CellImputation impute,
        int k,
        LatentKind latent,
        int latentDim,
        int layers,
        double shrink) {
    public static final double DEFAULT_MIN_CPM = 1.0;
    public static final double DEFAULT_MIN_FRACTION = 0.2;
    public static final double DEFAULT_MAX_MISSING = 0.1;
    public static final int DEFAULT_K = 5;
    /** {@code latent_dim} "auto": chosen on the training patients (the default). */
    public static final int AUTO_LATENT_DIM = 0;

    public static final int DEFAULT_LATENT_DIM = AUTO_LATENT_DIM;
    /** Share of a modality's (standardized) variance the automatic code width keeps. */
    public static final double AUTO_VARIANCE_SHARE = 0.99;
    /** Widest automatic code. */
    public static final int AUTO_MAX_LATENT_DIM = 64;

    public static final int DEFAULT_LAYERS = 2;
    public static final double DEFAULT_SHRINK = 1.0;

    public PreprocessingSpec {
        if (recipe == null || impute == null || latent == null) {
            throw new IllegalArgumentException("recipe, impute and latent must be set");
        }
        if (!(minCpm >= 0)) {
            throw new IllegalArgumentException("min_cpm must be >= 0, got " + minCpm);
        }
        if (!(minFraction >= 0 && minFraction <= 1)) {
            throw new IllegalArgumentException("min_fraction must lie in [0, 1], got " + minFraction);
        }
        if (!(maxMissing > 0 && maxMissing <= 1)) {
            throw new IllegalArgumentException("max_missing must lie in (0, 1], got " + maxMissing);
        }
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        if (latentDim < 0) {
            throw new IllegalArgumentException("latent_dim must be at least 1 (or auto), got " + latentDim);
        }
        if (layers < 1) {
            throw new IllegalArgumentException("layers must be at least 1, got " + layers);
        }
        if (!(shrink > 0)) {
            throw new IllegalArgumentException("shrink must be > 0, got " + shrink);
        }
    }

    /** A recipe with every other setting at its default (KNN, autoencoder of 2 blocks, automatic code width). */
    public static PreprocessingSpec of(Recipe recipe) {
        return new PreprocessingSpec(
                recipe,
                DEFAULT_MIN_CPM,
                DEFAULT_MIN_FRACTION,
                DEFAULT_MAX_MISSING,
                CellImputation.KNN,
                DEFAULT_K,
                LatentKind.AUTOENCODER,
                DEFAULT_LATENT_DIM,
                DEFAULT_LAYERS,
                DEFAULT_SHRINK);
    }

    public PreprocessingSpec withCpmFilter(double newMinCpm, double newMinFraction) {
        return new PreprocessingSpec(
                recipe, newMinCpm, newMinFraction, maxMissing, impute, k, latent, latentDim, layers, shrink);
    }

    public PreprocessingSpec withMaxMissing(double value) {
        return new PreprocessingSpec(recipe, minCpm, minFraction, value, impute, k, latent, latentDim, layers, shrink);
    }

    public PreprocessingSpec withImpute(CellImputation value, int neighbours) {
        return new PreprocessingSpec(
                recipe, minCpm, minFraction, maxMissing, value, neighbours, latent, latentDim, layers, shrink);
    }

    public PreprocessingSpec withLatent(LatentKind value, int dim) {
        return new PreprocessingSpec(recipe, minCpm, minFraction, maxMissing, impute, k, value, dim, layers, shrink);
    }

    public PreprocessingSpec withAutoencoder(int newLayers, double newShrink) {
        return new PreprocessingSpec(
                recipe, minCpm, minFraction, maxMissing, impute, k, latent, latentDim, newLayers, newShrink);
    }

    public PreprocessingSpec withLatentDim(int dim) {
        return new PreprocessingSpec(recipe, minCpm, minFraction, maxMissing, impute, k, latent, dim, layers, shrink);
    }
}
