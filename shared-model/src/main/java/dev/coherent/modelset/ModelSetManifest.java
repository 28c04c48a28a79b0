package dev.coherent.modelset;

import dev.coherent.cohort.WideSchema;
import dev.coherent.store.MalformedModelException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The manifest of a model set ({@code manifest.json}): what was trained, on what, how, and the
 * sha256 of every other file, so that a loader can refuse a modified set.
 *
 * @param format manifest format version
 * @param version the model set's version, chosen at training time
 * @param cohort name, fingerprint and split sizes of the training cohort
 * @param schedule the noise schedule
 * @param training the training configuration, as plain values
 * @param validation per target, condition set and method, the validation score {@code auto} uses
 * @param provenance Java, OS and library versions of the training run
 * @param files sha256 of every file of the set except this manifest, keys relative to the root
 * @param classifiers downstream classifiers added with {@code coherent train-classifier}
 * @param encoders per modality, the preprocessing and encoder of a model set trained on a raw
 *     cohort; empty for a set trained on embeddings (and in manifests written before encoders existed)
 * @param linear the linear-Gaussian models, one per target and condition set (empty in sets trained
 *     before they existed)
 * @param outOfDistribution per set of two or more provided modalities, the out-of-distribution
 *     threshold of the disagreement between them (empty in sets trained before it existed)
 */
public record ModelSetManifest(
        int format,
        String version,
        String createdAt,
        CohortInfo cohort,
        List<ModalityInfo> modalities,
        ScheduleInfo schedule,
        Map<String, Object> training,
        List<ModelEntry> models,
        List<ValidationScore> validation,
        Map<String, String> provenance,
        Map<String, String> files,
        List<ClassifierEntry> classifiers,
        List<EncoderEntry> encoders,
        List<LinearEntry> linear,
        List<OutOfDistributionEntry> outOfDistribution) {

    public ModelSetManifest {
        if (version == null
                || cohort == null
                || modalities == null
                || schedule == null
                || training == null
                || models == null) {
            throw new MalformedModelException(
                    "manifest: version, cohort, modalities, schedule, training and models are required");
        }
        classifiers = classifiers == null ? List.of() : List.copyOf(classifiers);
        encoders = encoders == null ? List.of() : List.copyOf(encoders);
        linear = linear == null ? List.of() : List.copyOf(linear);
        outOfDistribution = outOfDistribution == null ? List.of() : List.copyOf(outOfDistribution);
    }

    public static final int FORMAT = 1;

    public ModelSetManifest withValidation(List<ValidationScore> scores) {
        return new ModelSetManifest(
                format,
                version,
                createdAt,
                cohort,
                modalities,
                schedule,
                training,
                models,
                scores,
                provenance,
                files,
                classifiers,
                encoders,
                linear,
                outOfDistribution);
    }

    public ModelSetManifest withModels(List<ModelEntry> newModels) {
        return new ModelSetManifest(
                format,
                version,
                createdAt,
                cohort,
                modalities,
                schedule,
                training,
                newModels,
                validation,
                provenance,
                files,
                classifiers,
                encoders,
                linear,
                outOfDistribution);
    }

    public ModelSetManifest withClassifiers(List<ClassifierEntry> newClassifiers) {
        return new ModelSetManifest(
                format,
                version,
                createdAt,
                cohort,
                modalities,
                schedule,
                training,
                models,
                validation,
                provenance,
                files,
                newClassifiers,
                encoders,
                linear,
                outOfDistribution);
    }

    public ModelSetManifest withFiles(Map<String, String> newFiles) {
        return new ModelSetManifest(
                format,
                version,
                createdAt,
                cohort,
                modalities,
                schedule,
                training,
                models,
                validation,
                provenance,
                newFiles,
                classifiers,
                encoders,
                linear,
                outOfDistribution);
    }

    public ModelSetManifest withEncoders(List<EncoderEntry> newEncoders) {
        return new ModelSetManifest(
                format,
                version,
                createdAt,
                cohort,
                modalities,
                schedule,
                training,
                models,
                validation,
                provenance,
                files,
                classifiers,
                newEncoders,
                linear,
                outOfDistribution);
    }

    public ModelSetManifest withCohort(CohortInfo newCohort) {
        return new ModelSetManifest(
                format,
                version,
                createdAt,
                newCohort,
                modalities,
                schedule,
                training,
                models,
                validation,
                provenance,
                files,
                classifiers,
                encoders,
                linear,
                outOfDistribution);
    }

    public ModelSetManifest withTraining(Map<String, Object> newTraining) {
        return new ModelSetManifest(
                format,
                version,
                createdAt,
                cohort,
                modalities,
                schedule,
                newTraining,
                models,
                validation,
                provenance,
                files,
                classifiers,
                encoders,
                linear,
                outOfDistribution);
    }

    public ModelSetManifest withOutOfDistribution(List<OutOfDistributionEntry> newOutOfDistribution) {
        return new ModelSetManifest(
                format,
                version,
                createdAt,
                cohort,
                modalities,
                schedule,
                training,
                models,
                validation,
                provenance,
                files,
                classifiers,
                encoders,
                linear,
                newOutOfDistribution);
    }

    public ModelSetManifest withLinear(List<LinearEntry> newLinear) {
        return new ModelSetManifest(
                format,
                version,
                createdAt,
                cohort,
                modalities,
                schedule,
                training,
                models,
                validation,
                provenance,
                files,
                classifiers,
                encoders,
                newLinear,
                outOfDistribution);
    }

    /** The seed the set was trained with (0 in manifests that lack it): splits a cohort without its own as training did. */
    public long trainingSeed() {
        return training.get("seed") instanceof Number n ? n.longValue() : 0L;
    }

    /** The encoder of a modality, or {@code null} when the set has none for it. */
    public EncoderEntry encoderOf(String modality) {
        for (EncoderEntry e : encoders) {
            if (e.modality().equals(modality)) {
                return e;
            }
        }
        return null;
    }

    public ModalityInfo modality(String name) {
        for (ModalityInfo m : modalities) {
            if (m.name().equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown modality '" + name + "'; the model set has "
                + modalities.stream().map(ModalityInfo::name).toList());
    }

    public List<String> modalityNames() {
        return modalities.stream().map(ModalityInfo::name).toList();
    }

    /** Column layout of the set's wide tables of codes: {@code <modality>_<kk>} per feature. */
    public WideSchema codeSchema() {
        Map<String, Integer> dims = new LinkedHashMap<>();
        for (ModalityInfo m : modalities) {
            dims.put(m.name(), m.dim());
        }
        return WideSchema.indexed(dims);
    }
}
