package dev.coherent.diffusion;

/**
 * How one denoiser is trained and selected.
 *
 * <p>Adam with default betas, as the reference, plus decoupled weight decay ({@code weightDecay},
 * 0 in {@link #small} and {@link #paper}, as the reference has none). With {@code residual} each
 * denoiser learns the target less the set's linear prediction from the conditions it sees (see
 * {@link Centering}), so that it adds to the linear model instead of relearning it. Every {@code validateEvery}
 * epochs the model fully denoises the validation conditions ({@code validationRepeats} draws each,
 * stochastic DDIM (η = 1) with {@code validationSteps} steps, a fixed noise seed so epochs compare
 * fairly) and the
 * mean squared error against the real targets is the selection score; the best checkpoint is kept.
 * A validation without improvement multiplies the learning rate by {@code plateauFactor}; training
 * stops after {@code patience} of them in a row.
 */
public record TrainingConfig(
        DenoiserConfig network,
        int maxEpochs,
        int batchSize,
        float learningRate,
        int validateEvery,
        int patience,
        int validationSteps,
        int validationRepeats,
        MaskingStrategy masking,
        float plateauFactor,
        float weightDecay,
        boolean residual,
        long seed) {

    public TrainingConfig {
        if (maxEpochs < 1 || batchSize < 2 || validateEvery < 1 || patience < 1 || validationRepeats < 1) {
            throw new IllegalArgumentException("invalid training config");
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learning rate must be > 0");
        }
        if (!(plateauFactor > 0 && plateauFactor <= 1)) {
            throw new IllegalArgumentException("need 0 < plateau factor <= 1");
        }
        if (!(weightDecay >= 0)) {
            throw new IllegalArgumentException("weight decay must be >= 0");
        }
    }

    /** Minutes on CI: a narrower network, fewer epochs. */
    public static TrainingConfig small(long seed) {
        return new TrainingConfig(
                new DenoiserConfig(64, 128, 3, 32),
                120,
                64,
                2e-3f,
                20,
                3,
                25,
                2,
                MaskingStrategy.RANDOM,
                0.5f,
                0f,
                false,
                seed);
    }

    /**
     * Reference hyperparameter ranges (E=128, H=256, L=4, batch 128, lr 1e-3), sized so the full
     * model set of a 10k-patient cohort trains in well under an hour on two cores.
     */
    public static TrainingConfig paper(long seed) {
        return new TrainingConfig(
                new DenoiserConfig(128, 256, 4, 32),
                600,
                128,
                1e-3f,
                20,
                4,
                50,
                3,
                MaskingStrategy.RANDOM,
                0.5f,
                0f,
                false,
                seed);
    }

    /**
     * Sized to the cohort: network, budget of optimizer steps, validation and weight decay chosen
     * from the number of training patients, so that small cohorts are neither undertrained (a fixed
     * epoch cap gives them a few hundred steps) nor free to memorize, and large ones get the paper's
     * network. Early stopping on the validation MSE ends training well before the cap when the model
     * stops improving. The denoisers are residual: they learn what the linear model misses (on 1,000
     * patients this took the best diffusion method from 0.055 to 0.009 R² below ridge, median over
     * the 28 rows). The thresholds come from docs/results/cohort-size.md.
     */
    public static TrainingConfig auto(int trainingPatients, long seed) {
        int n = Math.max(trainingPatients, 2);
        boolean small = n < AUTO_SMALL_PATIENTS;
        boolean large = n >= AUTO_LARGE_PATIENTS;
        DenoiserConfig network = small
                ? new DenoiserConfig(64, 128, 3, 32)
                : large ? new DenoiserConfig(128, 256, 4, 32) : new DenoiserConfig(128, 256, 3, 32);
        int batch = small ? 64 : 128;
        int maxSteps = small ? 15_000 : large ? 40_000 : 25_000;
        int stepsPerEpoch = (n + batch - 1) / batch;
        int maxEpochs = Math.max(1, (maxSteps + stepsPerEpoch - 1) / stepsPerEpoch);
        // About 40 validations over the budget: often enough to stop early, rarely enough to be cheap.
        int validateEvery = Math.max(1, maxEpochs / 40);
        float weightDecay = small ? 1e-2f : large ? 0f : 1e-3f;
        return new TrainingConfig(
                network,
                maxEpochs,
                batch,
                small ? 2e-3f : 1e-3f,
                validateEvery,
                4,
                small ? 25 : 50,
                small ? 4 : 3,
                MaskingStrategy.RANDOM,
                0.5f,
                weightDecay,
                true,
                seed);
    }

    /** Names {@link #named} takes, the default first. */
    public static final java.util.List<String> NAMES = java.util.List.of("auto", "small", "paper");

    /**
     * The configuration of a name in {@link #NAMES}: {@code auto} sized to {@code trainingPatients},
     * {@code small} (minutes, for tests) or {@code paper} (the reference's ranges).
     */
    public static TrainingConfig named(String name, int trainingPatients, long seed) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "auto" -> auto(trainingPatients, seed);
            case "small" -> small(seed);
            case "paper" -> paper(seed);
            default ->
                throw new IllegalArgumentException("unknown config '" + name + "' (expected one of " + NAMES + ")");
        };
    }

    /** Below this many training patients {@link #auto} uses the small network and strong decay. */
    public static final int AUTO_SMALL_PATIENTS = 1000;
    /** From this many training patients on {@link #auto} uses the paper's network without decay. */
    public static final int AUTO_LARGE_PATIENTS = 4000;

    /**
     * The sampler of validation: stochastic DDIM. Deterministic DDIM follows the probability-flow
     * ODE, which amplifies the small errors of a partly trained model (validation MSE about twice
     * DDPM's in our runs), while η = 1 stays within a few percent of the 1000-step DDPM.
     */
    public SamplerSettings validationSampler() {
        return SamplerSettings.ddim(validationSteps).withEta(1.0);
    }

    public TrainingConfig withSeed(long newSeed) {
        return new TrainingConfig(
                network,
                maxEpochs,
                batchSize,
                learningRate,
                validateEvery,
                patience,
                validationSteps,
                validationRepeats,
                masking,
                plateauFactor,
                weightDecay,
                residual,
                newSeed);
    }

    public TrainingConfig withMasking(MaskingStrategy m) {
        return new TrainingConfig(
                network,
                maxEpochs,
                batchSize,
                learningRate,
                validateEvery,
                patience,
                validationSteps,
                validationRepeats,
                m,
                plateauFactor,
                weightDecay,
                residual,
                seed);
    }

    public TrainingConfig withWeightDecay(float decay) {
        return new TrainingConfig(
                network,
                maxEpochs,
                batchSize,
                learningRate,
                validateEvery,
                patience,
                validationSteps,
                validationRepeats,
                masking,
                plateauFactor,
                decay,
                residual,
                seed);
    }

    public TrainingConfig withResidual(boolean centered) {
        return new TrainingConfig(
                network,
                maxEpochs,
                batchSize,
                learningRate,
                validateEvery,
                patience,
                validationSteps,
                validationRepeats,
                masking,
                plateauFactor,
                weightDecay,
                centered,
                seed);
    }

    public TrainingConfig withMaxEpochs(int epochs) {
        return new TrainingConfig(
                network,
                epochs,
                batchSize,
                learningRate,
                validateEvery,
                patience,
                validationSteps,
                validationRepeats,
                masking,
                plateauFactor,
                weightDecay,
                residual,
                seed);
    }
}
