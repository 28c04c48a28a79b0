package dev.coherent.diffusion;

/**
 * Training or validation rows of one denoiser, standardized, flat and row-major.
 *
 * @param rows number of rows
 * @param target [rows, targetDim] clean samples x₀
 * @param conditions [rows, conditionWidth] concatenated conditions, zeros where absent
 * @param presence [rows, conditions] 1 where the condition is present, else 0
 */
public record DenoiserData(int rows, float[] target, float[] conditions, float[] presence) {

    /** The conditioning of these rows for a one-member predictor, with the given mask. */
    public Conditioning conditioning(DenoiserSpec spec, float[] mask) {
        return new Conditioning(
                rows, new float[][] {conditions}, new int[] {spec.conditionWidth()}, new float[][] {mask}, new int[] {
                    spec.conditions().size()
                });
    }
}
