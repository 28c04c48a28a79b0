package dev.coherent.tools.command;

import dev.coherent.cohort.Cohort;
import dev.coherent.cohort.CohortReader;
import dev.coherent.modelset.CohortInfo;
import dev.coherent.modelset.ModelSetCalibration;
import dev.coherent.modelset.ModelSetManifest;
import dev.coherent.modelset.ValidationScore;
import dev.coherent.store.ModelStore;
import dev.coherent.store.ModelStores;
import dev.coherent.tools.option.StoreOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code coherent calibrate}: (re)measures on the validation patients what a model set trained before
 * they existed lacks: the x̂₀ errors of the analytic step variance, the conformal calibration of the
 * intervals, and the factor model of the out-of-distribution score with its thresholds.
 */
@Command(
        name = "calibrate",
        mixinStandardHelpOptions = true,
        description =
                "Measure on the validation patients the x0 errors that --variance analytic needs and the conformal"
                        + " calibration of the intervals, fit the out-of-distribution score's factor model and thresholds,"
                        + " and write them into a model set trained before they existed (sets trained since have them)."
                        + " Rewrites the set's manifest.")
public final class CalibrateCommand implements Callable<Integer> {
    @Option(names = "--cohort", required = true, description = "The cohort the model set was trained on.")
    Path cohortDir;

    @Option(
            names = {"--out", "--models"},
            required = true,
            description = "The model set (URI).")
    String models;

    @Option(
            names = "--out-of-distribution-only",
            description =
                    "Only fit the out-of-distribution score's factor model and thresholds (seconds, no sampling).")
    boolean outOfDistributionOnly;

    @Mixin
    StoreOptions store;

    @Override
    public Integer call() throws Exception {
        Path local = ModelStores.localFolder(models);
        ModelSetManifest manifest;
        try (ModelStore target = ModelStores.open(models, store.s3())) {
            Path dir = local != null ? local : target.materialize(store.cacheDir());
            Cohort cohort = CohortReader.read(cohortDir);
            if (outOfDistributionOnly) {
                manifest = ModelSetCalibration.refitDisagreement(dir, cohort);
            } else {
                manifest = ModelSetCalibration.calibrate(dir, cohort);
                // A raw set's out-of-distribution model comes with training (its encoders refitted per fold).
                if (!CohortInfo.RAW_SPACE.equals(manifest.cohort().space())) {
                    manifest = ModelSetCalibration.refitDisagreement(dir, cohort);
                }
            }
            if (local == null) {
                target.publish(dir);
            }
        }
        if (!CohortInfo.RAW_SPACE.equals(manifest.cohort().space())) {
            System.out.printf(
                    "out-of-distribution factor model and thresholds of %d sets of provided modalities written to %s%n",
                    manifest.outOfDistribution().size(), models);
        }
        if (outOfDistributionOnly) {
            return 0;
        }
        List<ValidationScore> scores = manifest.validation();
        long measured = scores.stream().filter(s -> s.x0Error() != null).count();
        long calibrated = scores.stream().filter(s -> !s.intervals().isEmpty()).count();
        System.out.printf(
                "x0 errors of %d and interval calibration of %d of %d validation scores written to %s%n",
                measured, calibrated, scores.size(), models);
        return 0;
    }
}
