package dev.coherent.modelset;

import java.util.Locale;

/** Which models answer a query. */
public enum ImputationMethod {
    /**
     * The pair models of the present conditions: the single model for one condition, their
     * Coherent Denoising ensemble for several.
     */
    COHERENT,
    /** The masked multi-condition model of the target. */
    MULTI,
    /**
     * The linear-Gaussian model: ridge regression for the mean, a shrunk residual covariance for the
     * draws (see {@link dev.coherent.linear.LinearGaussian}).
     */
    LINEAR,
    /**
     * The method training chose on validation for this target and condition set: the best of the
     * three, where a diffusion method must beat the linear one by more than its standard error.
     */
    AUTO;

    public static ImputationMethod parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidQueryException("unknown method '" + text + "' (expected coherent, multi, linear or auto)");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
