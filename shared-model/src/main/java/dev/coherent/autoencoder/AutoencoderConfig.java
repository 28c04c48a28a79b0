package dev.coherent.autoencoder;

/**
 * How an autoencoder is trained: MSE loss, Adam, shuffled mini-batches, early stopping on the
 * validation MSE (evaluated every epoch, inference mode) with the best state restored.
 *
 * <p>The reference uses AdamW with weight decay 1e-5 and at most 10,000 epochs; this engine uses
 * plain Adam (the shared {@code Optimizers.adam}), whose difference at that decay is negligible.
 *
 * <p>Validation runs every epoch when an epoch has at least {@code stepsPerCheck} batches, as in
 * the reference; on a small cohort (one or two batches an epoch) it runs every
 * ⌈stepsPerCheck / batches⌉ epochs instead, so that the patience spans as many optimizer steps
 * as it would on a large cohort rather than stopping a network that has barely moved.
 *
 * @param patience validations without a better validation MSE before stopping
 * @param stepsPerCheck the fewest optimizer steps between two validations
 */
public record AutoencoderConfig(
        int maxEpochs, int batchSize, float learningRate, int patience, int stepsPerCheck, long seed) {
    public static final int DEFAULT_BATCH = 64;
    public static final float DEFAULT_LEARNING_RATE = 1e-3f;
    public static final int DEFAULT_PATIENCE = 10;
    public static final int DEFAULT_STEPS_PER_CHECK = 20;

    public AutoencoderConfig {
        if (maxEpochs < 1 || batchSize < 2 || patience < 1 || stepsPerCheck < 1 || !(learningRate > 0)) {
            throw new IllegalArgumentException("invalid autoencoder config: epochs " + maxEpochs + ", batch "
                    + batchSize + ", patience " + patience + ", lr " + learningRate);
        }
    }

    /** The reference's settings: batch 64, lr 1e-3, patience 10, at most 10,000 epochs. */
    public static AutoencoderConfig paper(long seed) {
        return new AutoencoderConfig(
                10_000, DEFAULT_BATCH, DEFAULT_LEARNING_RATE, DEFAULT_PATIENCE, DEFAULT_STEPS_PER_CHECK, seed);
    }

    /** As {@link #paper} with at most 2,000 epochs; early stopping ends small cohorts far sooner. */
    public static AutoencoderConfig small(long seed) {
        return new AutoencoderConfig(
                2_000, DEFAULT_BATCH, DEFAULT_LEARNING_RATE, DEFAULT_PATIENCE, DEFAULT_STEPS_PER_CHECK, seed);
    }

    public AutoencoderConfig withMaxEpochs(int epochs) {
        return new AutoencoderConfig(epochs, batchSize, learningRate, patience, stepsPerCheck, seed);
    }

    public AutoencoderConfig withStepsPerCheck(int steps) {
        return new AutoencoderConfig(maxEpochs, batchSize, learningRate, patience, steps, seed);
    }

    public AutoencoderConfig withSeed(long newSeed) {
        return new AutoencoderConfig(maxEpochs, batchSize, learningRate, patience, stepsPerCheck, newSeed);
    }
}
