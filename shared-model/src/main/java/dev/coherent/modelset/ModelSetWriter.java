package dev.coherent.modelset;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.coherent.CoherentException;
import dev.coherent.diffusion.DenoiserSavedModel;
import dev.coherent.json.Json;
import dev.coherent.linear.FactorModel;
import dev.coherent.linear.LinearGaussian;
import dev.coherent.modelset.ModelSetTrainer.TrainedModelSet;
import dev.coherent.store.Digests;
import dev.coherent.store.ModelSetLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The only writer of a model set folder's manifest: exports a trained set, and reseals a set after
 * files were added to it, so that the manifest's sha256 list always covers every file.
 */
public final class ModelSetWriter {
    private ModelSetWriter() {}

    /**
     * Writes the model set into an empty or new folder: one SavedModel and {@code model.json} per
     * denoiser, then the manifest with the sha256 of every file.
     */
    public static ModelSetManifest export(TrainedModelSet set, Path dir) {
        return export(set, dir, (folder, manifest) -> manifest);
    }

    /** Writes more parts of a model set (such as encoders) into its folder before the manifest is sealed. */
    @FunctionalInterface
    public interface ExportExtension {
        /** Writes the parts under {@code dir} and returns the manifest that lists them. */
        ModelSetManifest write(Path dir, ModelSetManifest manifest) throws IOException;
    }

    /**
     * As {@link #export(TrainedModelSet, Path)}, letting {@code extension} add files after the
     * denoisers; the manifest's sha256 list then covers them too.
     */
    public static ModelSetManifest export(TrainedModelSet set, Path dir, ExportExtension extension) {
        try {
            if (Files.exists(dir)) {
                try (var entries = Files.list(dir)) {
                    if (entries.findAny().isPresent()) {
                        throw new CoherentException(dir + " is not empty; export a model set into a new folder");
                    }
                }
            }
            Files.createDirectories(dir);
            List<ModelEntry> entries = new ArrayList<>();
            for (ModelEntry e : set.manifest().models()) {
                Path modelDir = dir.resolve(ModelSetLayout.modelDir(e.name()));
                DenoiserSavedModel.export(e.spec(), set.weights().get(e.name()), modelDir);
                ModelEntry withFiles = e.withFiles(Digests.digestTree(modelDir));
                Json.MAPPER.writeValue(
                        dir.resolve(ModelSetLayout.modelManifest(e.name())).toFile(),
                        modelManifest(withFiles, set.manifest()));
                entries.add(withFiles);
            }
            for (LinearGaussian l : set.linear()) {
                LinearEntry.write(dir, l);
            }
            if (set.disagreement() != null) {
                writeDisagreement(dir, set.disagreement());
            }
            return seal(dir, extension.write(dir, set.manifest().withModels(entries)));
        } catch (IOException e) {
            throw new CoherentException("cannot write model set to " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Writes the factor model of the out-of-distribution score into a model set folder. */
    static void writeDisagreement(Path dir, FactorModel model) throws IOException {
        Path file = dir.resolve(ModelSetLayout.FACTOR_MODEL);
        Files.createDirectories(file.getParent());
        // One line: a pretty-printed matrix would be a number per line.
        Json.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), model.weights());
    }

    /** A model's own manifest: its entry plus what it needs to be used alone (schedule, scalers, data). */
    private static Map<String, Object> modelManifest(ModelEntry e, ModelSetManifest set) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", e);
        m.put("model_set_version", set.version());
        m.put("schedule", set.schedule());
        m.put("training", set.training());
        m.put("data_fingerprint", set.cohort().fingerprint());
        List<ModalityInfo> scalers = new ArrayList<>();
        scalers.add(set.modality(e.target()));
        e.conditions().forEach(c -> scalers.add(set.modality(c)));
        m.put("scalers", scalers);
        m.put(
                "signature",
                Map.of(
                        "name",
                        DenoiserSavedModel.SIGNATURE,
                        "inputs",
                        List.of(
                                DenoiserSavedModel.INPUT_X,
                                DenoiserSavedModel.INPUT_T,
                                DenoiserSavedModel.INPUT_CONDITIONS,
                                DenoiserSavedModel.INPUT_MASK),
                        "output",
                        DenoiserSavedModel.OUTPUT_EPSILON));
        return m;
    }

    /**
     * Changes the manifest of a model set folder after files were added to it, and reseals it: the
     * sha256 list then covers every file again.
     */
    static ModelSetManifest reseal(Path setDir, UnaryOperator<ModelSetManifest> change) throws IOException {
        Path file = setDir.resolve(ModelSetLayout.MANIFEST);
        ModelSetManifest updated =
                change.apply(ModelSetLoader.readManifest(Files.readAllBytes(file), setDir.toString()));
        return seal(setDir, updated);
    }

    private static ModelSetManifest seal(Path dir, ModelSetManifest manifest) throws IOException {
        ModelSetManifest sealed = manifest.withFiles(Digests.digestTree(dir, Set.of(ModelSetLayout.MANIFEST)));
        Json.MAPPER.writeValue(dir.resolve(ModelSetLayout.MANIFEST).toFile(), sealed);
        return sealed;
    }
}
