package dev.coherent.autoencoder;

import dev.coherent.cohort.Cohort;
import dev.coherent.cohort.CohortFormatException;
import dev.coherent.cohort.Split;
import dev.coherent.metrics.Regressions;
import dev.coherent.preprocess.LatentKind;
import dev.coherent.preprocess.PreprocessingParameters;
import dev.coherent.preprocess.PreprocessingSpec;
import dev.coherent.preprocess.PreprocessorFitter;
import dev.coherent.random.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fits one modality of a raw cohort end to end: preprocessing on the training split, then the
 * encoder (autoencoder with early stopping on the validation split, or PCA, or nothing), then
 * encodes every patient with the fitted encoder's inference path, so training codes are exactly
 * what a loaded model set computes.
 */
public final class EncoderFitter {
    private static final Logger LOG = LoggerFactory.getLogger(EncoderFitter.class);
    /** Share of training rows held out for early stopping when the validation split lacks the modality. */
    static final double FALLBACK_VALIDATION_SHARE = 0.1;

    private EncoderFitter() {}

    /**
     * Reconstruction quality of an encoder on validation patients, in preprocessed space.
     *
     * @param validationR2 per-feature R² averaged over features (scikit-learn's {@code r2_score})
     */
    public record ReconstructionScore(
            double validationMse,
            double validationR2,
            int trainingRows,
            int validationRows,
            int epochs,
            int bestEpoch,
            double seconds) {}

    /**
     * A fitted modality.
     *
     * @param weights encoder and decoder parameters together
     * @param preprocessed per cohort sample, the preprocessed row (missing cells filled); {@code null} if absent
     * @param codes per cohort sample, the code; {@code null} if absent
     */
    public record FittedEncoder(
            EncoderSpec spec,
            PreprocessingParameters preprocessing,
            Map<String, float[]> weights,
            ReconstructionScore score,
            float[][] preprocessed,
            float[][] codes) {
        /** A new inference encoder over these weights; the caller closes it. */
        public ModalityEncoder encoder() {
            return new ModalityEncoder(spec, preprocessing, weights, weights);
        }
    }

    /**
     * Fits a modality of a cohort whose samples have splits.
     *
     * @throws CohortFormatException when the modality cannot be fitted (see {@link PreprocessorFitter})
     */
    public static FittedEncoder fit(Cohort cohort, String modality, PreprocessingSpec spec, AutoencoderConfig config) {
        if (!cohort.hasSplits()) {
            throw new IllegalArgumentException("assign splits before fitting encoders");
        }
        PreprocessorFitter.Fitted pre = PreprocessorFitter.fit(cohort, modality, cohort.indices(Split.TRAIN), spec);
        float[][] rows = pre.rows();
        List<float[]> train = new ArrayList<>();
        List<float[]> validation = new ArrayList<>();
        for (int i : cohort.indices(Split.TRAIN)) {
            if (rows[i] != null) {
                train.add(rows[i]);
            }
        }
        for (int i : cohort.indices(Split.VAL)) {
            if (rows[i] != null) {
                validation.add(rows[i]);
            }
        }
        if (validation.isEmpty() && spec.latent() == LatentKind.AUTOENCODER) {
            // Early stopping needs held-out rows; a small slice of training rows is better than none.
            SplittableRandom random =
                    new SplittableRandom(Seeds.of(config.seed(), "autoencoder/" + modality + "/holdout"));
            int take = Math.max(1, (int) Math.round(train.size() * FALLBACK_VALIDATION_SHARE));
            for (int k = 0; k < take && train.size() > 2; k++) {
                validation.add(train.remove(random.nextInt(train.size())));
            }
            LOG.warn(
                    "modality {}: no validation patient has it; early stopping on {} held-out training patients",
                    modality,
                    validation.size());
        }
        float[][] trainRows = train.toArray(float[][]::new);
        float[][] valRows = validation.toArray(float[][]::new);
        if (spec.latentDim() == PreprocessingSpec.AUTO_LATENT_DIM && spec.latent() != LatentKind.NONE) {
            // Codes wide enough to keep most of the modality, chosen on training patients only.
            int dim = PrincipalComponents.componentsFor(
                    trainRows, PreprocessingSpec.AUTO_VARIANCE_SHARE, PreprocessingSpec.AUTO_MAX_LATENT_DIM);
            LOG.info(
                    "modality {}: latent_dim auto -> {} ({}% of the training variance)",
                    modality, dim, Math.round(100 * PreprocessingSpec.AUTO_VARIANCE_SHARE));
            spec = spec.withLatentDim(dim);
        }
        EncoderSpec encoderSpec =
                EncoderSpec.of(modality, spec, pre.parameters().dim());
        if (encoderSpec.latentDim() > encoderSpec.inputDim()) {
            LOG.warn(
                    "modality {}: latent_dim {} is wider than the {} features kept",
                    modality,
                    encoderSpec.latentDim(),
                    encoderSpec.inputDim());
        }
        long started = System.nanoTime();
        Map<String, float[]> weights;
        int epochs = 0;
        int bestEpoch = 0;
        switch (encoderSpec.kind()) {
            case AUTOENCODER -> {
                try (AutoencoderTrainer trainer = new AutoencoderTrainer(modality, encoderSpec.autoencoder(), config)) {
                    AutoencoderTrainer.Trained t = trainer.train(trainRows, valRows);
                    weights = t.weights();
                    epochs = t.epochs();
                    bestEpoch = t.bestEpoch();
                }
            }
            case PCA -> weights = PrincipalComponents.fit(trainRows, encoderSpec.latentDim());
            case NONE -> weights = Map.of();
            default -> throw new IllegalStateException("unhandled latent " + encoderSpec.kind());
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        float[][] codes = new float[rows.length][];
        ReconstructionScore score;
        try (ModalityEncoder encoder = new ModalityEncoder(encoderSpec, pre.parameters(), weights, weights)) {
            List<Integer> present = new ArrayList<>();
            for (int i = 0; i < rows.length; i++) {
                if (rows[i] != null) {
                    present.add(i);
                }
            }
            float[][] encoded =
                    encoder.encode(present.stream().map(i -> rows[i]).toArray(float[][]::new));
            for (int k = 0; k < encoded.length; k++) {
                codes[present.get(k)] = encoded[k];
            }
            float[][] evalRows = valRows.length > 0 ? valRows : trainRows;
            float[][] recon = encoder.decode(encoder.encode(evalRows));
            score = new ReconstructionScore(
                    AutoencoderTrainer.mse(evalRows, recon),
                    evalRows.length >= 2 ? Regressions.r2PerFeature(evalRows, recon) : Double.NaN,
                    trainRows.length,
                    valRows.length,
                    epochs,
                    bestEpoch,
                    seconds);
        }
        LOG.info(
                "modality {}: {} of {} features kept, {} -> {} ({} epochs), validation MSE {}, R2 {}",
                modality,
                pre.parameters().dim(),
                pre.parameters().inputFeatures().size(),
                encoderSpec.kind().label(),
                encoderSpec.latentDim(),
                epochs,
                String.format(java.util.Locale.ROOT, "%.4f", score.validationMse()),
                String.format(java.util.Locale.ROOT, "%.3f", score.validationR2()));
        return new FittedEncoder(encoderSpec, pre.parameters(), weights, score, rows, codes);
    }
}
