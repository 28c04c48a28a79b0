package dev.coherent.testutil;

import dev.coherent.cohort.Cohort;
import dev.coherent.cohort.CohortReader;
import dev.coherent.diffusion.DenoiserRole;
import dev.coherent.diffusion.TrainingConfig;
import dev.coherent.modelset.ModelSetTrainer;
import dev.coherent.modelset.ModelSetWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;

/**
 * A small model set trained once per test JVM on the example cohort, exported to a temp folder.
 * Tests must not modify it; copy it first (see {@link #copy}).
 */
public final class ModelSetFixture {
    public static final Path COHORT = Path.of("..", "examples", "data", "synthetic-pancancer-small");
    private static Path exported;
    private static Cohort cohort;

    private ModelSetFixture() {}

    public static synchronized Cohort cohort() {
        if (cohort == null) {
            cohort = CohortReader.read(COHORT);
        }
        return cohort;
    }

    /** The exported model set folder (trained on first use, ~15 s). */
    public static synchronized Path modelSet() {
        if (exported == null) {
            try {
                Path dir = Files.createTempDirectory("coherent-fixture").resolve("set");
                ModelSetTrainer trainer = new ModelSetTrainer(new ModelSetTrainer.Options(
                        TrainingConfig.small(7).withMaxEpochs(60), EnumSet.allOf(DenoiserRole.class), 2, "fixture"));
                ModelSetWriter.export(trainer.train(cohort(), dev.coherent.diffusion.TrainingListener.NONE), dir);
                exported = dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return exported;
    }

    /** A private copy of the model set that a test may modify. */
    public static Path copy(Path target) {
        try (var walk = Files.walk(modelSet())) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path dest = target.resolve(modelSet().relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest);
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
