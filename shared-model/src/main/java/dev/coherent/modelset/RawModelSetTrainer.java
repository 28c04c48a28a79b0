package dev.coherent.modelset;

import dev.coherent.autoencoder.AutoencoderConfig;
import dev.coherent.autoencoder.EncoderFitter;
import dev.coherent.autoencoder.EncoderSavedModels;
import dev.coherent.autoencoder.ModalityEncoder;
import dev.coherent.cohort.Cohort;
import dev.coherent.cohort.CohortFormatException;
import dev.coherent.cohort.Cohorts;
import dev.coherent.cohort.ModalityMatrix;
import dev.coherent.diffusion.TrainingListener;
import dev.coherent.json.Json;
import dev.coherent.preprocess.LatentKind;
import dev.coherent.preprocess.PreprocessingSpec;
import dev.coherent.store.Digests;
import dev.coherent.store.ModelSetLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;

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
        training.put("autoencoder", Json.MAPPER.convertValue(autoencoder, Map.class));
        Map<String, Object> specs = new LinkedHashMap<>();
        preprocessing.forEach((m, s) -> specs.put(m, Json.MAPPER.convertValue(s, Map.class)));
        training.put("preprocessing", specs);
        manifest = manifest.withCohort(cohortInfo)
                .withTraining(training)
                .withEncoders(fitted.stream().map(EncoderEntry::of).toList());
        return new TrainedRawModelSet(trained.withManifest(manifest), fitted, latent);
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
