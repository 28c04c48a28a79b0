package dev.coherent.tools.command;

import dev.coherent.cohort.ParquetTables;
import dev.coherent.cohort.RawWideTableReader;
import dev.coherent.cohort.TableFormat;
import dev.coherent.diffusion.SamplerSettings;
import dev.coherent.imputation.ImputationRequest;
import dev.coherent.imputation.RowCheck;
import dev.coherent.imputation.TableImputation;
import dev.coherent.imputation.WideTableImputation;
import dev.coherent.modelset.ImputationMethod;
import dev.coherent.modelset.InvalidQueryException;
import dev.coherent.modelset.ModelSet;
import dev.coherent.tools.option.SamplerOptions;
import dev.coherent.tools.option.StoreOptions;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code coherent impute}: fills the gaps of a wide table with a model set. */
@Command(
        name = "impute",
        mixinStandardHelpOptions = true,
        description =
                "Impute the missing modalities of a wide table: sample + <modality>_<k> latent columns, or, with a "
                        + "model set trained on a raw cohort, sample + <modality>:<feature> raw columns (empty cells = missing).")
public final class ImputeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--models", required = true, description = "Model set: folder, file:// or s3:// URI.")
    String models;

    @Option(names = "--input", required = true, description = "Wide table (.tsv, .csv or .parquet), latent or raw.")
    Path input;

    @Option(
            names = "--output",
            required = true,
            description = "Imputed table; the report goes to <output>.report.json.")
    Path output;

    @Option(
            names = "--method",
            defaultValue = "auto",
            description =
                    "auto (the default: the method training chose for each target and condition set), coherent, multi or linear.")
    String method;

    @Option(names = "--draws", defaultValue = "10", description = "Draws per patient and modality.")
    int draws;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the draws.")
    long seed;

    @Option(names = "--interval", defaultValue = "0.9", description = "Central interval level reported.")
    double interval;

    @Option(names = "--chunk-size", defaultValue = "256", description = "Patients per batch (bounds memory).")
    int chunkSize;

    @Option(
            names = "--latent",
            description = "Raw tables: also write each imputed modality's code (mean and std of "
                    + "the latent draws) into the report.")
    boolean latent;

    @Mixin
    SamplerOptions sampler;

    @Mixin
    StoreOptions store;

    @Override
    public Integer call() throws Exception {
        try (ModelSet set = ModelSet.open(models, store.s3(), store.cacheDir())) {
            SamplerSettings settings = sampler.settings();
            TableImputation.Summary s = run(
                    set,
                    input,
                    output,
                    new ImputationRequest(
                            List.of(),
                            List.of(),
                            ImputationMethod.parse(method),
                            draws,
                            seed,
                            interval,
                            settings,
                            false),
                    chunkSize,
                    latent);
            System.out.printf(
                    Locale.ROOT,
                    "imputed %d modalities for %d patients (%d draws each, %d rejected, %d diverged; %s) -> %s%n",
                    s.imputedModalities(),
                    s.patients(),
                    draws,
                    s.rejectedDraws(),
                    s.divergedDraws(),
                    settings.describe(),
                    output);
            SamplerOptions.warnIfDiverged(
                    spec.commandLine().getErr(), s.divergedDraws(), (long) s.imputedModalities() * draws, settings);
            if (s.oodFlagged() > 0) {
                spec.commandLine()
                        .getErr()
                        .printf(
                                Locale.ROOT,
                                "WARNING: %d of %d patients have provided modalities"
                                        + " unlike the training data (beyond the 99th percentile of held-out training patients; a"
                                        + " scale, shift or encoder mismatch?): their imputations are less trustworthy; see \"ood\""
                                        + " per patient in %s%n",
                                s.oodFlagged(),
                                s.patients(),
                                reportPath(output));
            }
        }
        return 0;
    }

    /**
     * Runs a file imputation; writes {@code output} and {@code output.report.json}. A table with
     * {@code <modality>:<feature>} columns is a raw table, imputed through the model set's encoders;
     * any other is a latent table.
     */
    static TableImputation.Summary run(
            ModelSet set, Path input, Path output, ImputationRequest template, int chunk, boolean latent)
            throws Exception {
        Path report = reportPath(output);
        if (output.toAbsolutePath().getParent() != null) {
            Files.createDirectories(output.toAbsolutePath().getParent());
        }
        String name = input.getFileName().toString();
        // Parquet goes in and out as TSV copies (ParquetTables): the same columns and checks as text.
        try (ParquetTables.Scratch scratch = new ParquetTables.Scratch()) {
            Path textIn = ParquetTables.isParquet(input) ? scratch.text(input, name) : input;
            if (latent && !RawWideTableReader.isRaw(textIn)) {
                throw new InvalidQueryException("--latent applies to raw tables (<modality>:<feature> columns); " + name
                        + " holds codes already");
            }
            Path textOut = ParquetTables.isParquet(output) ? scratch.file(".tsv") : output;
            try {
                TableImputation.Summary summary;
                try (InputStream in = Files.newInputStream(textIn);
                        OutputStream table = Files.newOutputStream(textOut);
                        OutputStream json = Files.newOutputStream(report)) {
                    summary = WideTableImputation.run(
                            set,
                            in,
                            name,
                            TableFormat.of(textIn),
                            table,
                            TableFormat.of(textOut),
                            json,
                            template,
                            chunk,
                            latent,
                            RowCheck.NONE);
                }
                if (textOut != output) {
                    ParquetTables.fromTsv(textOut, output);
                }
                return summary;
            } catch (Exception e) {
                // A half-written table must not pass for a result.
                Files.deleteIfExists(output);
                Files.deleteIfExists(report);
                throw e;
            }
        }
    }

    static Path reportPath(Path output) {
        return output.resolveSibling(output.getFileName() + ".report.json");
    }
}
