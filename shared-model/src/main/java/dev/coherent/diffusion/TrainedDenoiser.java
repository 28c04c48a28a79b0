package dev.coherent.diffusion;

import java.util.List;

/**
 * A trained denoiser: its best checkpoint and how it was reached.
 *
 * @param validationMse full-denoising validation MSE of the kept checkpoint (ensemble weights use it)
 * @param epochs epochs run
 * @param bestEpoch epoch of the kept checkpoint
 * @param history one entry per validation: epoch, mean training loss, validation MSE
 */
public record TrainedDenoiser(
        DenoiserSpec spec,
        DenoiserWeights weights,
        double validationMse,
        int epochs,
        int bestEpoch,
        List<double[]> history,
        double seconds) {}
