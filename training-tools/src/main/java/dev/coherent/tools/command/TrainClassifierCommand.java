package dev.coherent.tools.command;

import dev.coherent.classifier.ClassifierTrainer;
import dev.coherent.cohort.CohortReader;
import dev.coherent.modelset.ModelSet;
import dev.coherent.modelset.ModelSetClassifiers;
import dev.coherent.store.ModelStore;
import dev.coherent.store.ModelStores;
import dev.coherent.tools.option.StoreOptions;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code coherent train-classifier}: adds a downstream classifier to a model set. */
@Command(
        name = "train-classifier",
        mixinStandardHelpOptions = true,
        description = "Train a classifier of a label over all modalities (with a presence mask) into a model set.")
public final class TrainClassifierCommand implements Callable<Integer> {
    @Option(names = "--cohort", required = true, description = "The cohort the model set was trained on.")
    Path cohortDir;

    @Option(names = "--label", required = true, description = "Label column of the samples table, e.g. stage.")
    String label;

    @Option(
            names = {"--out", "--models"},
            required = true,
            description = "The model set to add it to (URI).")
    String models;

    @Option(names = "--seed", defaultValue = "42")
    long seed;

    @Mixin
    StoreOptions store;

    @Override
    public Integer call() throws Exception {
        ModelSetClassifiers.Result result;
        Path local = ModelStores.localFolder(models);
        Path dir;
        try (ModelStore target = ModelStores.open(models, store.s3())) {
            dir = local != null ? local : target.materialize(store.cacheDir());
            try (ModelSet set = ModelSet.load(dir)) {
                result = ModelSetClassifiers.train(
                        set,
                        set.modelSpace(CohortReader.read(cohortDir)),
                        label,
                        ClassifierTrainer.Config.defaults(seed));
            }
            ModelSetClassifiers.add(dir, result);
            if (local == null) {
                target.publish(dir);
            }
        }
        System.out.printf(
                Locale.ROOT,
                "classifier '%s' (%s) added to %s: validation macro-F1 %.3f after %d epochs%n",
                label,
                result.trained().spec().classes(),
                models,
                result.trained().validationMacroF1(),
                result.trained().epochs());
        return 0;
    }
}
