package dev.coherent.functions.common.upload;

import dev.coherent.cohort.CohortFormatException;
import dev.coherent.cohort.ParquetTables;
import dev.coherent.cohort.TableFormat;
import dev.coherent.functions.common.problem.ProblemType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * An {@link UploadProcessor} for a wide table ({@code .tsv}, {@code .txt}, {@code .csv} or
 * {@code .parquet}) that becomes {@code <name><table suffix>} and then {@code <name>.report.json},
 * the shape of the imputation and prioritization uploads. A function names its work and its table
 * suffix and does the work in {@link #processTable}: {@code outputs.get(0)} is the table,
 * {@code outputs.get(1)} the report. Text uploads give a tab-separated table; a Parquet upload is
 * read through a TSV copy and its table is written back as Parquet ({@link ParquetTables}), so the
 * function itself only sees delimited text.
 */
public abstract class TableUploadProcessor implements UploadProcessor {
    /** Suffix of the report, the last output written. */
    public static final String REPORT_SUFFIX = ".report.json";

    private static final List<String> EXTENSIONS = List.of(".tsv", ".txt", ".csv", ParquetTables.EXTENSION);
    private static final String TSV = ".tsv";

    /** The suffix of the output table for a text upload, ending in {@code .tsv}: {@code .imputed.tsv}. */
    protected abstract String tableSuffix();

    /** The function's problem type for an upload that can never be processed. */
    protected abstract ProblemType invalidUpload();

    /**
     * Does the work on a delimited table.
     *
     * @param in the table's text, in {@code format}
     * @param fileName the uploaded file's name, for messages
     * @param outputs the TSV table, then the report
     */
    protected abstract Result processTable(
            InputStream in, String fileName, TableFormat format, List<OutputStream> outputs);

    @Override
    public String inputKind() {
        return "table";
    }

    @Override
    public List<String> extensions() {
        return EXTENSIONS;
    }

    @Override
    public List<Output> outputs() {
        return List.of(
                new Output(tableSuffix(), "text/tab-separated-values"), new Output(REPORT_SUFFIX, "application/json"));
    }

    /** A Parquet upload's table is Parquet too: {@code .imputed.parquet}. */
    @Override
    public List<Output> outputs(String fileName) {
        if (!ParquetTables.isParquet(fileName)) {
            return outputs();
        }
        List<Output> text = outputs();
        String suffix = tableSuffix();
        String parquet = suffix.substring(0, suffix.length() - TSV.length()) + ParquetTables.EXTENSION;
        return List.of(new Output(parquet, ParquetTables.MEDIA_TYPE), text.get(1));
    }

    @Override
    public final Result process(InputStream in, String fileName, List<OutputStream> outputs) {
        if (!ParquetTables.isParquet(fileName)) {
            return processTable(in, fileName, TableFormat.of(Path.of(fileName)), outputs);
        }
        try (ParquetTables.Scratch scratch = new ParquetTables.Scratch()) {
            Path text;
            try {
                text = scratch.text(in, fileName);
            } catch (CohortFormatException e) {
                throw new InvalidUploadException(invalidUpload(), e.getMessage(), e);
            }
            Path table = scratch.file(TSV);
            Result result;
            try (InputStream textIn = Files.newInputStream(text);
                    OutputStream tableOut = Files.newOutputStream(table)) {
                result = processTable(textIn, fileName, TableFormat.TSV, List.of(tableOut, outputs.get(1)));
            }
            Path parquet = scratch.file(ParquetTables.EXTENSION);
            ParquetTables.fromTsv(table, parquet);
            Files.copy(parquet, outputs.get(0));
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage the Parquet table of " + fileName, e);
        }
    }
}
