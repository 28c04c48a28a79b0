package dev.coherent.modelset;

import com.fasterxml.jackson.databind.JsonMappingException;
import dev.coherent.CoherentException;
import dev.coherent.autoencoder.EncoderSavedModels;
import dev.coherent.autoencoder.EncoderSpec;
import dev.coherent.autoencoder.ModalityEncoder;
import dev.coherent.classifier.Classifier;
import dev.coherent.classifier.ClassifierOps;
import dev.coherent.diffusion.DenoiserSavedModel;
import dev.coherent.diffusion.DenoiserSpec;
import dev.coherent.diffusion.DenoiserWeights;
import dev.coherent.json.Json;
import dev.coherent.linear.FactorModel;
import dev.coherent.linear.LinearGaussian;
import dev.coherent.preprocess.LatentKind;
import dev.coherent.preprocess.PreprocessingParameters;
import dev.coherent.store.Digests;
import dev.coherent.store.Integrity;
import dev.coherent.store.MalformedModelException;
import dev.coherent.store.ModelSetLayout;
import dev.coherent.store.ModelStore;
import dev.coherent.store.ModelStores;
import dev.coherent.store.PublishedModelSets;
import dev.coherent.store.S3Settings;
import dev.coherent.tf.SavedModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a model set folder into a {@link ModelSet}: parses the manifest, verifies the sha256 of
 * every file against it, and restores the denoisers, linear models, classifiers and encoders.
 *
 * <p>Its one job is loading and verification (plus resealing a folder whose manifest changed). It
 * holds no state. The {@link ModelSet} it returns belongs to the caller, who closes it; when loading
 * fails part way, the loader closes what it had built before it rethrows.
 */
final class ModelSetLoader {
    /** Logs as {@link ModelSet}, as the cold-start line always has (bench logs grep for it). */
    private static final Logger LOG = LoggerFactory.getLogger(ModelSet.class);

    private ModelSetLoader() {}

    /** Opens a model set by URI ({@code file://}, a path, or {@code s3://}); S3 sets are copied under cacheDir. */
    static ModelSet open(String uri, S3Settings s3, Path cacheDir) {
        try (ModelStore store = ModelStores.open(PublishedModelSets.resolve(uri, s3), s3)) {
            return load(store.materialize(cacheDir));
        }
    }

    /** Loads and verifies a model set folder. */
    static ModelSet load(Path dir) {
        long start = System.nanoTime();
        Path manifestFile = dir.resolve(ModelSetLayout.MANIFEST);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(manifestFile);
        } catch (NoSuchFileException e) {
            throw new MalformedModelException("no " + ModelSetLayout.MANIFEST + " in " + dir
                    + ": not a model set (train one with `coherent train`)");
        } catch (IOException e) {
            throw new CoherentException("cannot read " + manifestFile + ": " + e.getMessage(), e);
        }
        ModelSetManifest manifest = readManifest(bytes, manifestFile.toString());
        if (manifest.format() != ModelSetManifest.FORMAT) {
            throw new MalformedModelException(manifestFile + ": unsupported manifest format " + manifest.format());
        }
        long parsed = System.nanoTime();
        Integrity.verify(dir, manifest.files(), "model set " + manifest.version());
        long verified = System.nanoTime();
        Map<String, Map.Entry<DenoiserSpec, Path>> exported = new LinkedHashMap<>();
        for (ModelEntry e : manifest.models()) {
            exported.put(e.name(), Map.entry(e.spec(), dir.resolve(ModelSetLayout.modelDir(e.name()))));
        }
        Map<String, DenoiserWeights> weights = DenoiserSavedModel.loadWeights(exported);
        List<LinearGaussian> linearModels = new ArrayList<>();
        for (LinearEntry e : manifest.linear()) {
            linearModels.add(e.load(dir));
        }
        long restored = System.nanoTime();
        ModelSet set = new ModelSet(manifest, Digests.sha256(bytes), weights, linearModels);
        long built = System.nanoTime();
        try {
            for (ClassifierEntry c : manifest.classifiers()) {
                Map<String, float[]> w = SavedModels.loadWeights(
                        dir.resolve(ModelSetLayout.classifierDir(c.label())),
                        ClassifierOps.parameterShapes(c.spec()).keySet());
                set.attachClassifier(c.label(), new Classifier(c.spec(), w));
            }
            for (EncoderEntry e : manifest.encoders()) {
                set.attachEncoder(e.modality(), loadEncoder(dir, e, manifest));
            }
            if (manifest.files().containsKey(ModelSetLayout.FACTOR_MODEL)) {
                set.attachDisagreement(loadDisagreement(dir));
            }
        } catch (RuntimeException e) {
            set.close();
            throw e;
        }
        long done = System.nanoTime();
        // Where a cold start goes (docs/results/performance-function.md); no patient data here.
        LOG.info(
                "model set {}: loaded and verified in {} ms (manifest {}, sha256 of {} files {}, weights {},"
                        + " inference graph {}, classifiers and encoders {})",
                manifest.version(),
                millis(start, done),
                millis(start, parsed),
                manifest.files().size(),
                millis(parsed, verified),
                millis(verified, restored),
                millis(restored, built),
                millis(built, done));
        return set;
    }

    private static FactorModel loadDisagreement(Path dir) {
        Path file = dir.resolve(ModelSetLayout.FACTOR_MODEL);
        try {
            return new FactorModel(Json.MAPPER.readValue(file.toFile(), FactorModel.Weights.class));
        } catch (IOException | IllegalArgumentException e) {
            throw new MalformedModelException(file + ": not a valid factor model: " + e.getMessage(), e);
        }
    }

    private static long millis(long from, long to) {
        return (to - from) / 1_000_000;
    }

    private static ModalityEncoder loadEncoder(Path dir, EncoderEntry e, ModelSetManifest manifest) {
        String m = e.modality();
        Path file = dir.resolve(ModelSetLayout.preprocessingFile(m));
        PreprocessingParameters params;
        try {
            params = Json.MAPPER.readValue(file.toFile(), PreprocessingParameters.class);
        } catch (IOException ex) {
            throw new MalformedModelException(file + ": not valid preprocessing parameters: " + ex.getMessage(), ex);
        }
        int modelDim = manifest.modality(m).dim();
        if (e.latentDim() != modelDim || params.dim() != e.inputDim() || !m.equals(params.modality())) {
            throw new MalformedModelException("encoder of '" + m + "' does not fit the model set: code width "
                    + e.latentDim() + " for a " + modelDim + "-d modality, " + params.dim()
                    + " preprocessed features for "
                    + e.inputDim() + " encoder inputs");
        }
        EncoderSpec spec = e.spec();
        if (spec.kind() == LatentKind.NONE) {
            return new ModalityEncoder(spec, params, Map.of(), Map.of());
        }
        return new ModalityEncoder(
                spec,
                params,
                EncoderSavedModels.loadEncoder(spec, dir.resolve(ModelSetLayout.encoderModelDir(m))),
                EncoderSavedModels.loadDecoder(spec, dir.resolve(ModelSetLayout.decoderModelDir(m))));
    }

    static ModelSetManifest readManifest(byte[] bytes, String what) {
        try {
            return Json.MAPPER.readValue(bytes, ModelSetManifest.class);
        } catch (JsonMappingException e) {
            throw new MalformedModelException(what + ": not a valid model set manifest: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new MalformedModelException(what + ": not valid JSON: " + e.getMessage(), e);
        }
    }
}
