package dev.coherent.store;

/**
 * Where the parts of a model set live, relative to its root; the only place that decides it.
 *
 * <pre>
 * manifest.json                  the model set manifest (version, modalities, scalers, models, sha256 of every file)
 * models/&lt;name&gt;/saved_model.pb  one TensorFlow SavedModel per denoiser
 * models/&lt;name&gt;/variables/...
 * models/&lt;name&gt;/model.json       that model's own manifest
 * classifiers/&lt;label&gt;/...        optional downstream classifiers (SavedModel + classifier.json)
 * encoders/&lt;modality&gt;/encoder/    raw-cohort sets: the modality's encoder SavedModel (features to code)
 * encoders/&lt;modality&gt;/decoder/    its decoder SavedModel (code to features)
 * encoders/&lt;modality&gt;/preprocessing.json  kept features, recipe, centers and medians
 * linear/&lt;target&gt;_from_&lt;c1+c2&gt;.json   one linear-Gaussian model per target and condition set
 *                                (&lt;target&gt;_unconditional.json for none)
 * </pre>
 */
public final class ModelSetLayout {
    public static final String MANIFEST = "manifest.json";
    public static final String MODEL_MANIFEST = "model.json";
    private static final String MODELS = "models/";
    private static final String ENCODERS = "encoders/";

    private ModelSetLayout() {}

    /** Suffix of the default audit reference location, a sibling of the model set. */
    public static final String AUDIT_REFERENCE_SUFFIX = "-audit-reference";

    /**
     * Default location of a model set's audit reference: a sibling prefix or folder, so that
     * whoever may read the model set does not thereby read training records.
     */
    public static String auditReferenceUri(String modelSetUri) {
        String base = modelSetUri.endsWith("/") ? modelSetUri.substring(0, modelSetUri.length() - 1) : modelSetUri;
        return base + AUDIT_REFERENCE_SUFFIX;
    }

    /** Folder key of one model, e.g. {@code models/cna_from_rnaseq}. */
    public static String modelDir(String modelName) {
        return MODELS + modelName;
    }

    /** Folder key of a downstream classifier, e.g. {@code classifiers/stage}. */
    public static String classifierDir(String label) {
        return "classifiers/" + label;
    }

    /** Key of a classifier's own manifest. */
    public static String classifierManifest(String label) {
        return classifierDir(label) + "/classifier.json";
    }

    /** Folder key of a modality's preprocessing and encoder, e.g. {@code encoders/rnaseq}. */
    public static String encoderDir(String modality) {
        return ENCODERS + modality;
    }

    /** Folder key of a modality's encoder SavedModel. */
    public static String encoderModelDir(String modality) {
        return encoderDir(modality) + "/encoder";
    }

    /** Folder key of a modality's decoder SavedModel. */
    public static String decoderModelDir(String modality) {
        return encoderDir(modality) + "/decoder";
    }

    /** Key of a modality's preprocessing parameters. */
    public static String preprocessingFile(String modality) {
        return encoderDir(modality) + "/preprocessing.json";
    }

    /** Key of the linear-Gaussian model of a target from a condition set (in the set's modality order). */
    public static String linearFile(String target, java.util.List<String> conditions) {
        return "linear/" + target + (conditions.isEmpty() ? "_unconditional" : "_from_" + String.join("+", conditions))
                + ".json";
    }

    /** Key of the factor model the out-of-distribution score tests disagreement with. */
    public static final String FACTOR_MODEL = "linear/factor-model.json";

    /** Key of one model's manifest. */
    public static String modelManifest(String modelName) {
        return modelDir(modelName) + "/" + MODEL_MANIFEST;
    }
}
