package dev.coherent.functions.prioritization;

import dev.coherent.classifier.ClassifierTrainer;
import dev.coherent.cohort.Cohort;
import dev.coherent.cohort.CohortReader;
import dev.coherent.diffusion.DenoiserRole;
import dev.coherent.diffusion.TrainingConfig;
import dev.coherent.diffusion.TrainingListener;
import dev.coherent.modelset.ModelSet;
import dev.coherent.modelset.ModelSetClassifiers;
import dev.coherent.modelset.ModelSetTrainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.EnumSet;

/**
 * Trains the small model set the tests serve (run by the build before the tests, see pom.xml):
 * {@code TestModelSet <cohort dir> <out dir>}: the denoisers, then a small classifier of the
 * cohort's {@code stage} label added to the set (what {@code coherent train} followed by
 * {@code coherent train-classifier --label stage} produce). Does nothing when {@code <out dir>}
 * already holds a set, so only a clean build pays the ~25 s.
 */
public final class TestModelSet {
    /** System property (set by surefire) with the folder of the trained set. */
    public static final String PROPERTY = "test-model-set.dir";
    /** The label of the classifier in the set. */
    public static final String LABEL = "stage";

    private TestModelSet() {
    }

    public static void main(String[] args) throws IOException {
        Path cohortDir = Path.of(args[0]);
        Path out = Path.of(args[1]);
        if (Files.exists(out.resolve("manifest.json"))) {
            System.out.println("test model set already at " + out);
            return;
        }
        long start = System.nanoTime();
        Path staging = out.resolveSibling(out.getFileName() + ".partial");
        if (Files.exists(staging)) {
            try (var walk = Files.walk(staging)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Cohort cohort = CohortReader.read(cohortDir);
        ModelSetTrainer trainer = new ModelSetTrainer(new ModelSetTrainer.Options(
                TrainingConfig.small(7).withMaxEpochs(40), EnumSet.allOf(DenoiserRole.class), 2, "test"));
        ModelSetTrainer.export(trainer.train(cohort, TrainingListener.NONE), staging);
        ModelSetClassifiers.Result classifier;
        try (ModelSet set = ModelSet.load(staging)) {
            classifier = ModelSetClassifiers.train(set, cohort, LABEL,
                    new ClassifierTrainer.Config(32, 1, 40, 64, 2e-3f, 0.3, 5, 3, 1));
        }
        ModelSetClassifiers.add(staging, classifier);
        Files.move(staging, out, StandardCopyOption.ATOMIC_MOVE);
        System.out.printf("trained the test model set (classifier '%s': validation macro-F1 %.3f) into %s in %.1f s%n",
                LABEL, classifier.trained().validationMacroF1(), out, (System.nanoTime() - start) / 1e9);
    }

    /** The trained set's folder, from the surefire property or the default build folder. */
    public static Path folder() {
        return Path.of(System.getProperty(PROPERTY, "target/test-model-set")).toAbsolutePath();
    }
}
