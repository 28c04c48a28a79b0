package dev.coherent.diffusion;

/**
 * Shape of the reference's {@code norm_mlp} denoiser.
 *
 * @param timeEmbedding width E of the sinusoidal time embedding (and of its Linear+ReLU projection)
 * @param hidden width H of every hidden layer
 * @param layers number of Linear layers including the output one (L − 1 hidden layers)
 * @param conditionEmbedding width of each condition's Linear+ReLU embedding (32 in the reference)
 */
public record DenoiserConfig(int timeEmbedding, int hidden, int layers, int conditionEmbedding) {
    public DenoiserConfig {
        if (timeEmbedding < 4 || timeEmbedding % 2 != 0) {
            throw new IllegalArgumentException("time embedding must be even and >= 4");
        }
        if (hidden < 1 || layers < 2 || conditionEmbedding < 1) {
            throw new IllegalArgumentException("need hidden >= 1, layers >= 2, condition embedding >= 1");
        }
    }
}
