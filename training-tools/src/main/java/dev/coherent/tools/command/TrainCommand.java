package dev.coherent.tools.command;

import dev.coherent.autoencoder.AutoencoderConfig;
import dev.coherent.cohort.Cohort;
import dev.coherent.cohort.CohortFormatException;
import dev.coherent.cohort.CohortReader;
import dev.coherent.cohort.CohortSplitter;
import dev.coherent.cohort.Split;
import dev.coherent.diffusion.DenoiserRole;
import dev.coherent.diffusion.MaskingStrategy;
import dev.coherent.diffusion.TrainingConfig;
import dev.coherent.modelset.ModelSetTrainer;
import dev.coherent.modelset.Shard;
import dev.coherent.preprocess.PreprocessingConfig;
import dev.coherent.preprocess.PreprocessingSpec;
import dev.coherent.tools.option.PublishOptions;
import dev.coherent.tools.option.StoreOptions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code coherent train}: trains a model set on a cohort and exports it to a model store. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = "Train every pair and multi-condition denoiser of a cohort and export them as a model set; "
                + "a raw cohort (cohort.json with a preprocessing block) gets its preprocessing and encoders first.")
public final class TrainCommand implements Callable<Integer> {
    @Option(
            names = "--cohort",
            required = true,
            description = "Cohort folder (sample-major tables or UCSC Xena matrices).")
    Path cohortDir;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Destination destination;

    /** Either the model set itself or, training across machines, one part of it into staging. */
    static final class Destination {
        @Option(
                names = "--out",
                required = true,
                description = "Where to write the model set: a new local folder, file:// or s3://bucket/prefix.")
        String out;

        @ArgGroup(exclusive = false, multiplicity = "1")
        Sharding sharding;
    }

    static final class Sharding {
        @Option(
                names = "--shard",
                required = true,
                converter = ShardConverter.class,
                description = "Train only the I-th of N parts of the model set (I/N, e.g. 1/2) into --staging; "
                        + "`coherent assemble` publishes the set once every part is there.")
        Shard shard;

        @Option(
                names = "--staging",
                required = true,
                description = "Where the parts wait for assemble: a local folder, file:// or s3://bucket/prefix.")
        String staging;
    }

    static final class ShardConverter implements CommandLine.ITypeConverter<Shard> {
        @Override
        public Shard convert(String value) {
            try {
                return Shard.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    @Option(
            names = "--config",
            defaultValue = "auto",
            description = "auto (sized to the number of training patients;"
                    + " the default), small (CI, minutes) or paper (reference ranges).")
    String config;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of splits, initialization, batches and noise.")
    long seed;

    @Option(
            names = "--methods",
            split = ",",
            defaultValue = "single,multi",
            description = "Which denoisers: single, multi.")
    List<String> methods;

    @Option(names = "--masking", description = "Multi-condition masking: random (default) or natural.")
    String masking;

    @Option(names = "--epochs", description = "Override the config's maximum epochs.")
    Integer epochs;

    @Option(
            names = "--residual",
            negatable = true,
            description = "Denoisers learn the target less the linear"
                    + " model's prediction (default: the config's choice).")
    Boolean residual;

    @Option(
            names = "--preprocessing",
            description = "A JSON file whose preprocessing block replaces the one of the "
                    + "cohort's cohort.json (try other encoders without editing the cohort).")
    Path preprocessingFile;

    @Option(
            names = "--ae-epochs",
            description = "Raw cohorts: override the autoencoders' maximum epochs (they stop early).")
    Integer aeEpochs;

    @Option(names = "--parallel", description = "Models trained side by side (default: the number of cores).")
    Integer parallel;

    @Option(
            names = "--calibration-folds",
            defaultValue = "auto",
            paramLabel = "auto|K",
            description = "How the"
                    + " conformal calibration of the diffusion methods' intervals is measured: K ≥ 2 cross-fits it in K folds"
                    + " of the training and validation patients (trains K more sets), 0 calibrates on the validation"
                    + " patients, auto (default) cross-fits in 5 folds when some condition set has fewer than 100 validation"
                    + " patients and calibrates on them otherwise.")
    String calibrationFolds;

    @Mixin
    PublishOptions publish;

    @Mixin
    StoreOptions store;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        Cohort cohort = CohortReader.read(cohortDir);
        TrainingConfig cfg = config(config, cohort, seed);
        if (masking != null) {
            cfg = cfg.withMasking(MaskingStrategy.parse(masking));
        }
        if (epochs != null) {
            cfg = cfg.withMaxEpochs(epochs);
        }
        if (residual != null) {
            cfg = cfg.withResidual(residual);
        }
        Set<DenoiserRole> roles = EnumSet.noneOf(DenoiserRole.class);
        for (String m : methods) {
            roles.add(
                    switch (m.trim().toLowerCase(Locale.ROOT)) {
                        case "single", "coherent" -> DenoiserRole.SINGLE;
                        case "multi" -> DenoiserRole.MULTI;
                        default ->
                            throw new IllegalArgumentException("unknown method '" + m + "' (expected single, multi)");
                    });
        }
        Map<String, PreprocessingSpec> preprocessing = preprocessingFile != null
                ? PreprocessingConfig.fromJson(preprocessingFile)
                : PreprocessingConfig.read(cohortDir);
        if (preprocessingFile != null && preprocessing.isEmpty()) {
            throw new CohortFormatException(preprocessingFile + ": no preprocessing block");
        }
        ModelSetTrainer.Options options = new ModelSetTrainer.Options(
                cfg,
                roles,
                parallel != null ? parallel : Runtime.getRuntime().availableProcessors(),
                publish.versionLabel(),
                calibrationFolds());
        if (destination.sharding != null) {
            if (!preprocessing.isEmpty()) {
                // Encoders come first and every denoiser trains on their codes: a shard would have to train them all.
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        "--shard is not supported for raw cohorts"
                                + " (cohort.json with a preprocessing block, or --preprocessing): train them with --out");
            }
            if (options.calibrationFolds() >= 2) {
                // The folds are whole extra sets that assemble would train on one machine anyway.
                throw new CommandLine.ParameterException(
                        spec.commandLine(),
                        "--calibration-folds is not supported"
                                + " with --shard: assemble calibrates on the validation patients");
            }
            ShardTraining.train(
                    cohort,
                    options.withCalibrationFolds(0),
                    destination.sharding.shard,
                    destination.sharding.staging,
                    store,
                    out);
            return 0;
        }
        String outUri = destination.out;
        String refUri = publish.auditReferenceUri(outUri);
        ModelSetPublishing.BeforePublish reference =
                ModelSetPublishing.auditReference(refUri, publish.auditSamples(), seed, store);
        if (preprocessing.isEmpty()) {
            ModelSetPublishing.train(cohort, options, outUri, store, out, reference);
        } else {
            // The audit compares generations with training records in the denoisers' space: the codes.
            ModelSetPublishing.trainRaw(
                    cohort,
                    preprocessing,
                    options,
                    autoencoderConfig(config, seed, aeEpochs),
                    outUri,
                    store,
                    out,
                    reference);
        }
        out.println("audit reference written to " + refUri + " (training records: keep it apart from the model set)");
        return 0;
    }

    /**
     * The named training configuration for a cohort: {@code auto} is sized to the patients of its
     * training split (the cohort's own, or the paper split that training will make with this seed).
     */
    public static TrainingConfig config(String name, Cohort cohort, long seed) {
        Cohort split = cohort.hasSplits() ? cohort : cohort.withSplits(CohortSplitter.paperSplit(cohort, seed));
        return TrainingConfig.named(name, split.indices(Split.TRAIN).length, seed);
    }

    /**
     * The named autoencoder configuration: small (at most 2,000 epochs; also under auto) or paper
     * (10,000); both stop early.
     */
    public static AutoencoderConfig autoencoderConfig(String name, long seed, Integer maxEpochs) {
        AutoencoderConfig c =
                switch (name.toLowerCase(Locale.ROOT)) {
                    case "auto", "small" -> AutoencoderConfig.small(seed);
                    case "paper" -> AutoencoderConfig.paper(seed);
                    default ->
                        throw new IllegalArgumentException(
                                "unknown config '" + name + "' (expected one of " + TrainingConfig.NAMES + ")");
                };
        return maxEpochs != null ? c.withMaxEpochs(maxEpochs) : c;
    }

    /** {@code --calibration-folds} as {@link ModelSetTrainer.Options#calibrationFolds()} takes it. */
    private int calibrationFolds() {
        if (calibrationFolds.equalsIgnoreCase("auto")) {
            return ModelSetTrainer.AUTO_CALIBRATION_FOLDS;
        }
        try {
            int folds = Integer.parseInt(calibrationFolds.trim());
            if (folds >= 0) {
                return folds;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new CommandLine.ParameterException(
                spec.commandLine(),
                "--calibration-folds must be auto or a count of at least 0, not '" + calibrationFolds + "'");
    }
}
