package dev.coherent.modelset;

import dev.coherent.autoencoder.AutoencoderConfig;
import dev.coherent.autoencoder.EncoderFitter;
import dev.coherent.autoencoder.EncoderSavedModels;
import dev.coherent.autoencoder.ModalityEncoder;
import dev.coherent.cohort.Cohort;
import dev.coherent.cohort.CohortFormatException;
import dev.coherent.cohort.Cohorts;
import dev.coherent.cohort.ModalityMatrix;
import dev.coherent.cohort.Sample;
import dev.coherent.cohort.Split;
import dev.coherent.diffusion.TrainingListener;
import dev.coherent.json.Json;
import dev.coherent.linear.FactorModel;
import dev.coherent.linear.LinearGaussian;
import dev.coherent.linear.RidgeRegression;
import dev.coherent.metrics.Moments;
import dev.coherent.preprocess.LatentKind;
import dev.coherent.preprocess.PreprocessingSpec;
import dev.coherent.random.Seeds;
import dev.coherent.store.Digests;
import dev.coherent.store.ModelSetLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a model set on a raw cohort: per modality, the preprocessing and the encoder on the
 * training split, then every patient encoded, then the denoisers on the codes with
 * {@link ModelSetTrainer} (same patients, same splits), all in one model set.
 *
 * <p>The split is the cohort's own, or the paper split with the training seed, decided on the raw
 * cohort (encoding keeps which patients have which modality, so the split is the one the denoisers
 * would get). The manifest's cohort fingerprint is the raw cohort's.
 */
public final class RawModelSetTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(RawModelSetTrainer.class);
    /**
     * The manifest's training entry (the folds) of a raw set whose out-of-distribution thresholds
     * come from patients its encoders did not see ({@link #outOfDistribution}); without it a raw
     * set gives no verdict.
     */
    public static final String OUT_OF_DISTRIBUTION_FOLDS = "out_of_distribution_encoder_folds";
    /** Folds of the training patients, each encoded by encoders fitted without it. */
    static final int ENCODER_FOLDS = 5;
    /**
     * Training patients a raw set needs for a verdict: with fewer, the 99th percentile of their
     * held-out scores is their largest, and out-of-sample codes of few patients spread so far that
     * it lets wrong units through (tcga-acc-mini, 75: 15% of clean test patients flagged, CNA in
     * three times its units AUROC 0.68).
     */
    static final int MIN_VERDICT_PATIENTS = 100;

    private final ModelSetTrainer.Options options;
    private final AutoencoderConfig autoencoder;

    /**
     * @param options the denoisers' training
     * @param autoencoder the encoders' training (its seed seeds initialization and batches)
     */
    public RawModelSetTrainer(ModelSetTrainer.Options options, AutoencoderConfig autoencoder) {
        this.options = options;
        this.autoencoder = autoencoder;
    }

    /**
     * A trained raw model set in memory.
     *
     * @param latent the cohort of codes the denoisers were trained on (with the splits used)
     */
    public record TrainedRawModelSet(
            ModelSetTrainer.TrainedModelSet denoisers, List<EncoderFitter.FittedEncoder> encoders, Cohort latent) {
        public ModelSetManifest manifest() {
            return denoisers.manifest();
        }
    }

    /**
     * Fits preprocessing and encoders, then trains the denoisers.
     *
     * @param preprocessing one entry per modality of the cohort
     * @param onEncoder receives each fitted encoder (progress output)
     * @throws CohortFormatException when the preprocessing does not cover the cohort's modalities
     */
    public TrainedRawModelSet train(
            Cohort raw,
            Map<String, PreprocessingSpec> preprocessing,
            TrainingListener listener,
            Consumer<EncoderFitter.FittedEncoder> onEncoder) {
        checkCoverage(raw, preprocessing);
        Cohort cohort = new ModelSetTrainer(options).withSplit(raw);
        List<EncoderFitter.FittedEncoder> fitted = new ArrayList<>();
        Map<String, ModalityMatrix> codes = new LinkedHashMap<>();
        for (String m : cohort.modalityNames()) {
            EncoderFitter.FittedEncoder f = EncoderFitter.fit(cohort, m, preprocessing.get(m), autoencoder);
            fitted.add(f);
            onEncoder.accept(f);
            codes.put(m, new ModalityMatrix(m, latentFeatures(m, f.spec().latentDim()), f.codes()));
        }
        Cohort latent = new Cohort(cohort.name(), cohort.samples(), codes);
        ModelSetTrainer.TrainedModelSet trained = new ModelSetTrainer(options).train(latent, listener, true);
        ModelSetManifest manifest = trained.manifest();
        CohortInfo cohortInfo = manifest.cohort().asRaw(Cohorts.fingerprint(cohort), Cohorts.fingerprint(latent));
        Map<String, Object> training = new LinkedHashMap<>(manifest.training());
        int trainingPatients = cohort.indices(Split.TRAIN).length;
        if (trained.disagreement() == null) {
            LOG.warn("no out-of-distribution verdict: no factor model (see above)");
        } else if (trainingPatients < MIN_VERDICT_PATIENTS) {
            LOG.warn(
                    "no out-of-distribution verdict: {} training patients, fewer than the {} whose held-out scores"
                            + " make a 99th percentile",
                    trainingPatients,
                    MIN_VERDICT_PATIENTS);
        } else {
            manifest = outOfDistribution(cohort, preprocessing, fitted, trained.disagreement(), manifest);
            training.put(OUT_OF_DISTRIBUTION_FOLDS, ENCODER_FOLDS);
        }
        training.put("autoencoder", Json.MAPPER.convertValue(autoencoder, Map.class));
        Map<String, Object> specs = new LinkedHashMap<>();
        preprocessing.forEach((m, s) -> specs.put(m, Json.MAPPER.convertValue(s, Map.class)));
        training.put("preprocessing", specs);
        manifest = manifest.withCohort(cohortInfo)
                .withTraining(training)
                .withEncoders(fitted.stream().map(EncoderEntry::of).toList());
        return new TrainedRawModelSet(trained.withManifest(manifest), fitted, latent);
    }

    /**
     * The manifest with out-of-distribution thresholds measured as a raw set's new patients will
     * be: the deployed codes of training patients are in-sample for the encoders (principal
     * components fitted on them, whitened), so new patients' codes lie farther out and would be
     * flagged far too often against them. Per fold of the training patients, the preprocessing and
     * encoders (of the deployed widths), the scalers, the factor model (of the deployed rank) and
     * each modality's unconditional linear model are fitted without the fold, and the fold's
     * patients scored: the disagreement thresholds and each modality's distance percentile (for
     * patients who send it alone, and its by-itself test) come from those scores.
     */
    private ModelSetManifest outOfDistribution(
            Cohort cohort,
            Map<String, PreprocessingSpec> preprocessing,
            List<EncoderFitter.FittedEncoder> deployed,
            FactorModel factor,
            ModelSetManifest manifest) {
        List<String> modalities = cohort.modalityNames();
        long seed = options.config().seed();
        int[] train = cohort.indices(Split.TRAIN).clone();
        Seeds.shuffle(train, new SplittableRandom(Seeds.of(seed, "out-of-distribution/encoder-folds")));
        Map<List<String>, List<Double>> largest = new LinkedHashMap<>();
        Map<String, List<Double>> distances = new LinkedHashMap<>();
        for (int fold = 0; fold < ENCODER_FOLDS; fold++) {
            Set<Integer> held = new HashSet<>();
            for (int k = fold; k < train.length; k += ENCODER_FOLDS) {
                held.add(train[k]);
            }
            List<Sample> samples = new ArrayList<>();
            for (int i = 0; i < cohort.size(); i++) {
                Sample sample = cohort.sample(i);
                samples.add(held.contains(i) ? sample.withSplit(Split.TEST) : sample);
            }
            Cohort without = new Cohort(cohort.name(), samples, cohort.modalities());
            Map<String, ModalityMatrix> codes = new LinkedHashMap<>();
            for (EncoderFitter.FittedEncoder d : deployed) {
                String m = d.spec().modality();
                PreprocessingSpec spec = preprocessing.get(m);
                if (spec.latent() != LatentKind.NONE) {
                    spec = spec.withLatentDim(d.spec().latentDim());
                }
                EncoderFitter.FittedEncoder f = EncoderFitter.fit(without, m, spec, autoencoder);
                codes.put(m, new ModalityMatrix(m, latentFeatures(m, f.spec().latentDim()), f.codes()));
            }
            StandardizedCohort data = new StandardizedCohort(new Cohort(cohort.name(), samples, codes));
            FactorModel model = FactorModel.fit(
                    modalities,
                    LinearFits.blocks(
                            modalities,
                            data,
                            LinearFits.patientsWithAny(modalities, data, ModelSetTrainer.LINEAR_SPLITS)),
                    factor.weights().rank());
            Map<String, LinearGaussian> alone = new LinkedHashMap<>();
            for (String m : modalities) {
                int[] idx = Arrays.stream(ModelSetTrainer.LINEAR_SPLITS)
                        .flatMapToInt(sp -> Arrays.stream(data.having(sp, List.of(m))))
                        .toArray();
                alone.put(m, LinearFits.linearOn(m, List.of(), data, idx, true, seed));
            }
            int[] heldOut = held.stream().mapToInt(Integer::intValue).sorted().toArray();
            for (float[][] patient : LinearFits.blocks(modalities, data, heldOut)) {
                Map<String, float[]> vectors = LinearFits.vectors(modalities, patient);
                LinearFits.addLargestLogRatios(model, vectors, largest);
                vectors.forEach((m, v) -> {
                    if (alone.get(m) != null) {
                        distances
                                .computeIfAbsent(m, k -> new ArrayList<>())
                                .add(alone.get(m).mahalanobisPerFeature(new float[0], v));
                    }
                });
            }
        }
        List<LinearEntry> linear = new ArrayList<>();
        for (LinearEntry e : manifest.linear()) {
            List<Double> d = distances.get(e.target());
            linear.add(
                    e.conditions().isEmpty() && d != null && d.size() >= RidgeRegression.MIN_ROWS
                            ? e.withDistance99(Moments.upperQuantile(
                                    d.stream().mapToDouble(Double::doubleValue).toArray(),
                                    LinearGaussian.DISTANCE_QUANTILE))
                            : e);
        }
        return manifest.withLinear(linear).withOutOfDistribution(LinearFits.thresholds(modalities, largest));
    }

    /** Column names of a modality's codes: {@code <modality>_<kk>}, as latent wide tables name them. */
    static List<String> latentFeatures(String modality, int dim) {
        int width = Math.max(2, String.valueOf(dim - 1).length());
        List<String> out = new ArrayList<>(dim);
        for (int k = 0; k < dim; k++) {
            out.add(modality + "_" + String.format("%0" + width + "d", k));
        }
        return out;
    }

    private static void checkCoverage(Cohort raw, Map<String, PreprocessingSpec> preprocessing) {
        TreeSet<String> undeclared = new TreeSet<>(raw.modalityNames());
        undeclared.removeAll(preprocessing.keySet());
        if (!undeclared.isEmpty()) {
            throw new CohortFormatException("cohort.json: preprocessing has no entry for modality " + undeclared
                    + "; every modality of a raw cohort needs one (use {\"recipe\": \"none\", \"latent\": \"none\"}"
                    + " for an embedding) or leave it out of \"modalities\"");
        }
        TreeSet<String> unknown = new TreeSet<>(preprocessing.keySet());
        unknown.removeAll(raw.modalityNames());
        if (!unknown.isEmpty()) {
            throw new CohortFormatException("cohort.json: preprocessing names modality " + unknown
                    + " but the cohort has " + raw.modalityNames());
        }
    }

    /**
     * Writes the model set into an empty or new folder: the denoisers, then per modality
     * {@code encoders/<modality>/} (preprocessing.json, encoder and decoder SavedModels), then the
     * manifest with the sha256 of every file.
     */
    public static ModelSetManifest export(TrainedRawModelSet set, Path dir) {
        return ModelSetWriter.export(set.denoisers(), dir, (folder, manifest) -> {
            List<EncoderEntry> entries = new ArrayList<>();
            for (EncoderFitter.FittedEncoder f : set.encoders()) {
                String m = f.spec().modality();
                Path encoderDir = folder.resolve(ModelSetLayout.encoderDir(m));
                Files.createDirectories(encoderDir);
                Json.MAPPER.writeValue(
                        folder.resolve(ModelSetLayout.preprocessingFile(m)).toFile(), f.preprocessing());
                if (f.spec().kind() != LatentKind.NONE) {
                    EncoderSavedModels.export(
                            f.spec(),
                            f.weights(),
                            folder.resolve(ModelSetLayout.encoderModelDir(m)),
                            folder.resolve(ModelSetLayout.decoderModelDir(m)));
                }
                entries.add(manifest.encoderOf(m).withFiles(Digests.digestTree(encoderDir)));
            }
            return manifest.withEncoders(entries);
        });
    }

    /** The trained set as a usable in-memory model set (no export); the caller closes it. */
    public static ModelSet open(TrainedRawModelSet set) {
        Map<String, ModalityEncoder> encoders = new LinkedHashMap<>();
        try {
            for (EncoderFitter.FittedEncoder f : set.encoders()) {
                encoders.put(f.spec().modality(), f.encoder());
            }
        } catch (RuntimeException e) {
            encoders.values().forEach(ModalityEncoder::close);
            throw e;
        }
        return ModelSet.inMemory(set.denoisers(), encoders);
    }
}
