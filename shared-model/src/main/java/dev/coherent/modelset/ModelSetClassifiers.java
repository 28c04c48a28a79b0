package dev.coherent.modelset;

import dev.coherent.CoherentException;
import dev.coherent.classifier.ClassifierData;
import dev.coherent.classifier.ClassifierOps;
import dev.coherent.classifier.ClassifierSpec;
import dev.coherent.classifier.ClassifierTrainer;
import dev.coherent.cohort.Cohort;
import dev.coherent.cohort.Split;
import dev.coherent.json.Json;
import dev.coherent.store.Digests;
import dev.coherent.store.ModelSetLayout;
import dev.coherent.store.ModelStores;
import dev.coherent.tf.SavedModels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Trains downstream classifiers on a model set's cohort and adds them to the model set folder
 * ({@code classifiers/<label>/}: a SavedModel taking {@code features} and {@code presence} and
 * returning {@code probabilities}, plus {@code classifier.json}); the manifest is rewritten with
 * the classifier and the new file digests.
 */
public final class ModelSetClassifiers {
    private ModelSetClassifiers() {}

    /** What training produced, with the cohort rows it used. */
    public record Result(ClassifierTrainer.Trained trained, int trainingRows) {}

    /** Trains a classifier for {@code label} on the cohort's training split, standardized like the model set. */
    public static Result train(ModelSet set, Cohort input, String label, ClassifierTrainer.Config config) {
        StandardizedCohort data = StandardizedCohort.of(set, input);
        Cohort cohort = data.cohort();
        List<String> classes = classes(cohort, label);
        if (classes.size() < 2) {
            throw new InvalidQueryException("label '" + label + "' has fewer than two values among training patients"
                    + " (cohort labels: " + cohort.sample(0).labels().keySet() + ")");
        }
        ClassifierSpec spec = new ClassifierSpec(
                label,
                classes,
                set.modalities(),
                set.modalities().stream().map(m -> set.modality(m).dim()).toList(),
                config.hidden(),
                config.layers());
        ClassifierData train = ClassifierData.of(spec, cohort, data::row, cohort.indices(Split.TRAIN));
        ClassifierData val = ClassifierData.of(spec, cohort, data::row, cohort.indices(Split.VAL));
        if (val.rows() == 0) {
            throw new InvalidQueryException("no validation patient has label '" + label + "'");
        }
        try (ClassifierTrainer trainer = new ClassifierTrainer(spec, config)) {
            return new Result(trainer.train(train, val), train.rows());
        }
    }

    /** The label's values among training patients, numerically ordered when they are all numbers. */
    static List<String> classes(Cohort cohort, String label) {
        Set<String> values = new TreeSet<>();
        for (int i : cohort.indices(Split.TRAIN)) {
            String v = cohort.sample(i).labels().get(label);
            if (v != null && !v.isBlank()) {
                values.add(v);
            }
        }
        List<String> out = new ArrayList<>(values);
        if (out.stream().allMatch(ModelSetClassifiers::numeric)) {
            out.sort(Comparator.comparingDouble(Double::parseDouble));
        }
        return out;
    }

    private static boolean numeric(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Exports the classifier into a model set folder and rewrites its manifest. */
    public static ModelSetManifest add(Path setDir, Result result) {
        ClassifierTrainer.Trained t = result.trained();
        ClassifierSpec spec = t.spec();
        try {
            Path dir = setDir.resolve(ModelSetLayout.classifierDir(spec.label()));
            ModelStores.deleteTree(dir);
            SavedModels.export(dir, ClassifierOps.parameterShapes(spec), t.weights(), (tf, vars) -> {
                Placeholder<TFloat32> features = tf.withName("features")
                        .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, spec.featureWidth())));
                Placeholder<TFloat32> presence = tf.withName("presence")
                        .placeholder(
                                TFloat32.class,
                                Placeholder.shape(Shape.of(-1, spec.modalities().size())));
                var probabilities = tf.withName("probabilities")
                        .nn
                        .softmax(ClassifierOps.logits(tf, spec, vars::get, features, presence));
                return Signature.builder(Signature.DEFAULT_KEY)
                        .input("features", features)
                        .input("presence", presence)
                        .output("probabilities", probabilities)
                        .build();
            });
            ClassifierEntry entry = new ClassifierEntry(
                    spec.label(),
                    spec.classes(),
                    spec.modalities(),
                    spec.dims(),
                    spec.hidden(),
                    spec.layers(),
                    t.validationMacroF1(),
                    result.trainingRows(),
                    t.epochs(),
                    Digests.digestTree(dir));
            Json.MAPPER.writeValue(
                    setDir.resolve(ModelSetLayout.classifierManifest(spec.label()))
                            .toFile(),
                    entry);
            return ModelSetWriter.reseal(setDir, manifest -> {
                List<ClassifierEntry> classifiers = new ArrayList<>(manifest.classifiers());
                classifiers.removeIf(c -> c.label().equals(spec.label()));
                classifiers.add(entry);
                return manifest.withClassifiers(classifiers);
            });
        } catch (IOException e) {
            throw new CoherentException("cannot add the classifier to " + setDir + ": " + e.getMessage(), e);
        }
    }
}
