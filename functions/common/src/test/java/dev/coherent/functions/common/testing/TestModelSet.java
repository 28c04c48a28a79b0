package dev.coherent.functions.common.testing;

import dev.coherent.audit.AuditReference;
import dev.coherent.classifier.ClassifierTrainer;
import dev.coherent.cohort.Cohort;
import dev.coherent.cohort.CohortReader;
import dev.coherent.diffusion.DenoiserRole;
import dev.coherent.diffusion.TrainingConfig;
import dev.coherent.diffusion.TrainingListener;
import dev.coherent.modelset.ModelSet;
import dev.coherent.modelset.ModelSetClassifiers;
import dev.coherent.modelset.ModelSetTrainer;
import dev.coherent.modelset.ModelSetWriter;
import dev.coherent.store.ModelSetLayout;
import dev.coherent.store.ModelStores;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.stream.Stream;

/**
 * Trains the small model set every function's tests serve, once per build (each function's build
 * runs it before its tests, see the parent pom): {@code TestModelSet <cohort dir> <set dir>}.
 *
 * <p>One set for all three functions, so it holds what each needs: every denoiser of the small
 * cohort (what {@code coherent train} makes), a classifier of its {@code stage} label
 * (prioritization; {@code coherent train-classifier}) and the audit reference next to it, in
 * {@code <set dir>-audit-reference} (privacy audit; {@code coherent audit-reference}). The first
 * function built trains it (~25 s on 2 cores); the others find it and skip.
 */
public final class TestModelSet {
    /** System property (set by surefire) with the folder of the trained set. */
    public static final String PROPERTY = "test-model-set.dir";
    /** Where the set is when the property is not set: a function module's tests run from its folder. */
    private static final String DEFAULT_FOLDER = "../common/target/test-models/test-model-set";
    /** The label of the classifier in the set. */
    public static final String LABEL = "stage";
    /** Training and holdout records in the reference, each (the small cohort has fewer holdout patients). */
    private static final int REFERENCE_RECORDS = 150;

    private TestModelSet() {}

    /** What writes a set (or sets) into a fresh folder. */
    @FunctionalInterface
    public interface Training {
        void into(Path dir) throws IOException;
    }

    public static void main(String[] args) throws IOException {
        Path cohortDir = Path.of(args[0]);
        Path set = Path.of(args[1]).toAbsolutePath();
        // The set and its reference are siblings in one folder, so that one rename publishes both.
        trainOnce(set.getParent(), "the test model set", dir -> train(cohortDir, dir.resolve(set.getFileName())));
    }

    private static void train(Path cohortDir, Path set) throws IOException {
        Cohort cohort = CohortReader.read(cohortDir);
        ModelSetTrainer trainer = new ModelSetTrainer(new ModelSetTrainer.Options(
                TrainingConfig.small(7).withMaxEpochs(40), EnumSet.allOf(DenoiserRole.class), 2, "test"));
        ModelSetWriter.export(trainer.train(cohort, TrainingListener.NONE), set);
        ModelSetClassifiers.Result classifier;
        try (ModelSet denoisers = ModelSet.load(set)) {
            classifier = ModelSetClassifiers.train(
                    denoisers, cohort, LABEL, new ClassifierTrainer.Config(32, 1, 40, 64, 2e-3f, 0.3, 5, 3, 1));
        }
        ModelSetClassifiers.add(set, classifier);
        // The reference last, from the finished set, as the CLI does after train-classifier.
        try (ModelSet finished = ModelSet.load(set)) {
            AuditReference.build(finished, trainer.withSplit(cohort), REFERENCE_RECORDS, REFERENCE_RECORDS, 7)
                    .write(Path.of(ModelSetLayout.auditReferenceUri(set.toString())), finished, 7);
        }
        System.out.printf(
                "classifier '%s': validation macro-F1 %.3f%n",
                LABEL, classifier.trained().validationMacroF1());
    }

    /**
     * Runs {@code training} into {@code out} unless {@code out} is already there. It trains into
     * {@code <out>.partial} and renames that to {@code out} when done, so {@code out} is always
     * complete (an interrupted build leaves only the partial folder, removed by the next run), and
     * holds a lock on {@code <out>.lock} meanwhile, so a build of another module in parallel waits
     * for this one instead of training the same set again.
     */
    public static void trainOnce(Path out, String what, Training training) throws IOException {
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        try (FileChannel channel = FileChannel.open(
                        parent.resolve(out.getFileName() + ".lock"),
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE);
                FileLock lock = channel.lock()) {
            if (Files.isDirectory(out)) {
                System.out.println(what + " is already at " + out);
                return;
            }
            long start = System.nanoTime();
            Path staging = parent.resolve(out.getFileName() + ".partial");
            ModelStores.deleteTree(staging);
            Files.createDirectories(staging);
            training.into(staging);
            Files.move(staging, out, StandardCopyOption.ATOMIC_MOVE);
            System.out.printf("trained %s into %s in %.1f s%n", what, out, (System.nanoTime() - start) / 1e9);
        }
    }

    /** The trained set's folder, from the surefire property or the default build folder. */
    public static Path folder() {
        return Path.of(System.getProperty(PROPERTY, DEFAULT_FOLDER))
                .toAbsolutePath()
                .normalize();
    }

    /** Its audit reference's folder. */
    public static Path reference() {
        return Path.of(ModelSetLayout.auditReferenceUri(folder().toString()));
    }

    /** Copies the trained set to {@code to}, replacing what was there (tests that publish sets). */
    public static void copyTo(Path to) throws IOException {
        ModelStores.deleteTree(to);
        Path from = folder();
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest);
                }
            }
        }
    }
}
