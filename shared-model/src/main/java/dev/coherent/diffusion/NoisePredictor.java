package dev.coherent.diffusion;

import java.util.Optional;

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

    /**
     * The whole reverse process of this predictor for one step plan as a single graph, or empty when
     * this predictor cannot build one; the sampler then runs the steps itself. Implementations own
     * and cache what they return.
     *
     * @param stepPlan the steps to take, in order
     * @param stochastic whether every step but the last adds noise
     * @param threshold coherence distance above which a step counts as incoherent
     */
    default Optional<FusedReverseGraph> fused(ReverseUpdates.Step[] stepPlan, boolean stochastic, double threshold) {
        return Optional.empty();
    }
}
