package dev.coherent.functions.audit;

import dev.coherent.audit.AuditReference;
import dev.coherent.cohort.Cohort;
import dev.coherent.cohort.CohortReader;
import dev.coherent.diffusion.DenoiserRole;
import dev.coherent.diffusion.TrainingConfig;
import dev.coherent.diffusion.TrainingListener;
import dev.coherent.modelset.ModelSet;
import dev.coherent.modelset.ModelSetTrainer;
import dev.coherent.store.ModelSetLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.stream.Stream;

/**
 * Trains the small model set the tests audit, and its audit reference next to it, as
 * {@code coherent train} does (run by the build before the tests, see pom.xml):
 * {@code TestModelSet <cohort dir> <out dir>}. Does nothing when both are already there, so only a
 * clean build pays the ~25 s.
 */
public final class TestModelSet {
    /** System property (set by surefire) with the folder of the trained set. */
    public static final String PROPERTY = "test-model-set.dir";
    /** Training and holdout records in the reference, each (the small cohort has fewer holdout patients). */
    private static final int REFERENCE_RECORDS = 150;

    private TestModelSet() {
    }

    public static void main(String[] args) throws IOException {
        Path cohortDir = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Path reference = Path.of(ModelSetLayout.auditReferenceUri(out.toString()));
        if (Files.exists(out.resolve(ModelSetLayout.MANIFEST)) && Files.exists(reference.resolve(AuditReference.META))) {
            System.out.println("test model set already at " + out);
            return;
        }
        long start = System.nanoTime();
        Path staging = out.resolveSibling(out.getFileName() + ".partial");
        delete(staging);
        delete(out);
        delete(reference);
        ModelSetTrainer trainer = new ModelSetTrainer(new ModelSetTrainer.Options(
                TrainingConfig.small(7).withMaxEpochs(40), EnumSet.allOf(DenoiserRole.class), 2, "test"));
        Cohort cohort = CohortReader.read(cohortDir);
        ModelSetTrainer.export(trainer.train(cohort, TrainingListener.NONE), staging);
        try (ModelSet set = ModelSet.load(staging)) {
            AuditReference.build(set, trainer.withSplit(cohort), REFERENCE_RECORDS, REFERENCE_RECORDS, 7)
                    .write(reference, set, 7);
        }
        Files.move(staging, out, StandardCopyOption.ATOMIC_MOVE);
        System.out.printf("trained the test model set into %s (audit reference %s) in %.1f s%n", out, reference,
                (System.nanoTime() - start) / 1e9);
    }

    /** The trained set's folder, from the surefire property or the default build folder. */
    public static Path folder() {
        return Path.of(System.getProperty(PROPERTY, "target/test-model-set")).toAbsolutePath();
    }

    /** Its audit reference's folder. */
    public static Path reference() {
        return Path.of(ModelSetLayout.auditReferenceUri(folder().toString()));
    }

    static void delete(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
