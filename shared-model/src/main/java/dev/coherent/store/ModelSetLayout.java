package dev.coherent.store;

/**
 * Where the parts of a model set live, relative to its root; the only place that decides it.
 *
 * <pre>
 * manifest.json                  the model set manifest (version, modalities, scalers, models, sha256 of every file)
 * models/&lt;name&gt;/saved_model.pb  one TensorFlow SavedModel per denoiser
 * models/&lt;name&gt;/variables/...
 * models/&lt;name&gt;/model.json       that model's own manifest
 * </pre>
 */
public final class ModelSetLayout {
    public static final String MANIFEST = "manifest.json";
    public static final String MODEL_MANIFEST = "model.json";
    private static final String MODELS = "models/";

    private ModelSetLayout() {}

    /** Folder key of one model, e.g. {@code models/cna_from_rnaseq}. */
    public static String modelDir(String modelName) {
        return MODELS + modelName;
    }

    /** Key of one model's manifest. */
    public static String modelManifest(String modelName) {
        return modelDir(modelName) + "/" + MODEL_MANIFEST;
    }
}
