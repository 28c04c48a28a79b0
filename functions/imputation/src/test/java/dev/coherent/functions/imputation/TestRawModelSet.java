package dev.coherent.functions.imputation;

import dev.coherent.autoencoder.AutoencoderConfig;
import dev.coherent.cohort.CohortReader;
import dev.coherent.diffusion.DenoiserRole;
import dev.coherent.diffusion.TrainingConfig;
import dev.coherent.diffusion.TrainingListener;
import dev.coherent.functions.common.testing.TestModelSet;
import dev.coherent.modelset.ModelSetTrainer;
import dev.coherent.modelset.RawModelSetTrainer;
import dev.coherent.preprocess.PreprocessingConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;

/**
 * Trains the raw model set the raw-space tests serve (run by the build before the tests, see
 * pom.xml): {@code TestRawModelSet <cohort dir> <out dir>} on the real tcga-acc-mini cohort with its
 * cohort.json preprocessing (PCA codes: seconds) and a few denoiser epochs. Does nothing when
 * {@code <out dir>} already holds a set.
 */
public final class TestRawModelSet {
    /** System property (set by surefire) with the folder of the trained set. */
    public static final String PROPERTY = "test-raw-model-set.dir";

    private TestRawModelSet() {}

    public static void main(String[] args) throws IOException {
        Path cohort = Path.of(args[0]);
        TestModelSet.trainOnce(Path.of(args[1]), "the raw test model set", dir -> {
            RawModelSetTrainer trainer = new RawModelSetTrainer(
                    new ModelSetTrainer.Options(
                            TrainingConfig.small(7).withMaxEpochs(10),
                            EnumSet.allOf(DenoiserRole.class),
                            2,
                            "test-raw"),
                    AutoencoderConfig.small(7));
            RawModelSetTrainer.export(
                    trainer.train(
                            CohortReader.read(cohort),
                            PreprocessingConfig.read(cohort),
                            TrainingListener.NONE,
                            f -> {}),
                    dir);
        });
    }

    /** The trained set's folder, from the surefire property or the default build folder. */
    public static Path folder() {
        return Path.of(System.getProperty(PROPERTY, "target/test-raw-model-set"))
                .toAbsolutePath();
    }
}
