package dev.coherent.diffusion;

/**
 * The point a denoiser's target is measured from: it learns x₀ − center instead of x₀, where the
 * center depends on the conditions it sees (for a model set, the linear model's conditional mean).
 * A denoiser then only has to learn what the center misses, which with few patients is little.
 */
@FunctionalInterface
public interface Centering {

    /**
     * Writes the center of one row into {@code out} at {@code outOffset}.
     *
     * @param conditions concatenated condition input, the row's at {@code conditionsOffset}
     * @param mask which conditions the denoiser sees (1) for this row, at {@code maskOffset}
     */
    void center(float[] conditions, int conditionsOffset, float[] mask, int maskOffset, float[] out, int outOffset);
}
