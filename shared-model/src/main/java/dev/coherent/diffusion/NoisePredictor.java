package dev.coherent.diffusion;

/**
 * What a sampler needs from trained models: each member's noise prediction for a batch at one step.
 *
 * <p>A single or multi-condition model is a one-member predictor; a Coherent Denoising ensemble
 * has one member per condition. All members see the same x_t and step. Implementations are
 * thread-safe once built.
 */
public interface NoisePredictor {

    /** Dimension of the generated modality. */
    int dim();

    int members();

    /**
     * Predicts ε̂ for every member.
     *
     * @param x noisy samples, flat [rows, dim]
     * @param step the step index t, the same for every row
     * @param conditioning one entry per member, {@code conditioning.rows()} rows
     * @return one flat [rows, dim] array per member
     */
    float[][] predict(float[] x, int step, Conditioning conditioning);
}
