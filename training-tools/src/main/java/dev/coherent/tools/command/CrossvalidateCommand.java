package dev.coherent.tools.command;

import dev.coherent.cohort.Cohort;
import dev.coherent.cohort.CohortFormatException;
import dev.coherent.cohort.CohortReader;
import dev.coherent.diffusion.DenoiserRole;
import dev.coherent.diffusion.SamplerSettings;
import dev.coherent.diffusion.TrainingConfig;
import dev.coherent.evaluation.CrossValidation;
import dev.coherent.evaluation.CrossValidationReport;
import dev.coherent.modelset.ImputationMethod;
import dev.coherent.modelset.ModelSetTrainer;
import dev.coherent.preprocess.PreprocessingConfig;
import dev.coherent.preprocess.PreprocessingSpec;
import dev.coherent.tools.option.SamplerOptions;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code coherent crossvalidate}: k-fold cross-validation of a raw cohort, scored in raw space against baselines. */
@Command(
        name = "crossvalidate",
        aliases = "cross-validate",
        mixinStandardHelpOptions = true,
        description = "K-fold cross-validation over the patients of a raw cohort: per fold, fit preprocessing, "
                + "encoders and denoisers on the other patients, impute every target from every condition set of "
                + "the held-out patients, and score R² in preprocessed space next to a feature-mean, a KNN and a "
                + "ridge-regression baseline. Writes <out>/<name>.md and <out>/<name>.tsv.")
public final class CrossvalidateCommand implements Callable<Integer> {
    @Option(
            names = "--cohort",
            required = true,
            description = "Raw cohort folder (cohort.json with a preprocessing block).")
    Path cohortDir;

    @Option(
            names = "--preprocessing",
            description = "A JSON file whose preprocessing block replaces the cohort's (compare encoders).")
    Path preprocessingFile;

    @Option(names = "--folds", defaultValue = "5", description = "Number of folds.")
    int folds;

    @Option(
            names = "--config",
            defaultValue = "auto",
            description = "auto (sized to each fold's training patients;"
                    + " the default), small or paper (denoisers and autoencoders).")
    String config;

    @Option(names = "--epochs", description = "Override the denoisers' maximum epochs.")
    Integer epochs;

    @Option(names = "--ae-epochs", description = "Override the autoencoders' maximum epochs (they stop early).")
    Integer aeEpochs;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of folds, training and draws.")
    long seed;

    @Option(names = "--draws", defaultValue = "10", description = "Draws per patient; the imputation is their mean.")
    int draws;

    @Option(
            names = "--method",
            defaultValue = "auto",
            description =
                    "auto (the default: the method training chose for each target and condition set), coherent, multi or linear.")
    String method;

    @Option(names = "--k", defaultValue = "5", description = "Neighbours of the KNN baseline.")
    int neighbours;

    @Option(
            names = "--validation-share",
            defaultValue = "0.1",
            description = "Share of the non-test patients (among those with every modality) held out for validation.")
    double validationShare;

    @Option(names = "--parallel", description = "Denoisers trained side by side (default: the number of cores).")
    Integer parallel;

    @Option(names = "--out", required = true, description = "Output folder.")
    Path out;

    @Option(names = "--name", description = "Base name of the report files (default: the cohort folder's name).")
    String name;

    @Option(names = "--note", description = "A sentence added to the report, e.g. what else ran on the machine.")
    String note;

    @Mixin
    SamplerOptions sampler;

    @Spec
    picocli.CommandLine.Model.CommandSpec commandSpec;

    @Override
    public Integer call() {
        Map<String, PreprocessingSpec> preprocessing = preprocessingFile != null
                ? PreprocessingConfig.fromJson(preprocessingFile)
                : PreprocessingConfig.read(cohortDir);
        if (preprocessing.isEmpty()) {
            throw new CohortFormatException(
                    (preprocessingFile != null ? preprocessingFile : cohortDir.resolve("cohort.json"))
                            + ": no preprocessing block; cross-validation in raw space needs a raw cohort");
        }
        Cohort cohort = CohortReader.read(cohortDir);
        // Each fold trains on the other folds less their validation share.
        int trainingPatients = (int) Math.round(cohort.size() * (folds - 1.0) / folds * (1 - validationShare));
        TrainingConfig cfg = TrainingConfig.named(config, trainingPatients, seed);
        if (epochs != null) {
            cfg = cfg.withMaxEpochs(epochs);
        }
        int cores = Runtime.getRuntime().availableProcessors();
        ModelSetTrainer.Options training = new ModelSetTrainer.Options(
                cfg, EnumSet.allOf(DenoiserRole.class), parallel != null ? parallel : cores, "crossvalidation");
        SamplerSettings settings = sampler.settings();
        CrossValidation cv = new CrossValidation(new CrossValidation.Options(
                folds,
                seed,
                training,
                TrainCommand.autoencoderConfig(config, seed, aeEpochs),
                draws,
                settings,
                ImputationMethod.parse(method),
                neighbours,
                validationShare));
        long started = System.nanoTime();
        CrossValidation.Result result = cv.run(cohort, preprocessing, System.out::println);
        double seconds = (System.nanoTime() - started) / 1e9;
        String reportName = name != null ? name : cohort.name();
        String settingsLine = String.format(
                Locale.ROOT,
                "Cohort `%s` (%d patients, modalities %s), %d folds, seed %d; "
                        + "`%s` config (denoisers %s, at most %d epochs; autoencoders at most %d epochs, early stopping); "
                        + "method %s, mean of %d antithetic-pair draws, sampler %s with %d steps (eta %.1f); KNN k = %d. "
                        + "Machine: %d cores (%s %s), Java %s; wall time %.0f s.",
                cohort.name(),
                cohort.size(),
                cohort.modalityNames(),
                folds,
                seed,
                config,
                cfg.network(),
                cfg.maxEpochs(),
                TrainCommand.autoencoderConfig(config, seed, aeEpochs).maxEpochs(),
                method,
                draws,
                settings.kind().label(),
                settings.steps(),
                settings.eta(),
                neighbours,
                cores,
                System.getProperty("os.name"),
                System.getProperty("os.arch"),
                System.getProperty("java.version"),
                seconds);
        CrossValidationReport.write(
                result,
                out,
                reportName,
                "bin/coherent "
                        + String.join(
                                " ",
                                commandSpec.commandLine().getParseResult().originalArgs().stream()
                                        .map(a -> a.contains(" ") ? "'" + a.replace("'", "'\\''") + "'" : a)
                                        .toList()),
                settingsLine,
                note);
        System.out.println(settingsLine);
        System.out.println("report written to " + out.resolve(reportName + ".md"));
        return 0;
    }
}
