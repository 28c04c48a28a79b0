package dev.coherent.functions.common.upload;

import java.util.List;

/**
 * An {@link UploadProcessor} for a wide table ({@code .tsv}, {@code .txt} or {@code .csv}) that
 * becomes {@code <name><table suffix>} (tab-separated) and then {@code <name>.report.json}, the
 * shape of the imputation and prioritization uploads. A function names its work and its table
 * suffix and does the work in {@link #process}: {@code outputs.get(0)} is the table,
 * {@code outputs.get(1)} the report.
 */
public abstract class TableUploadProcessor implements UploadProcessor {
    /** Suffix of the report, the last output written. */
    public static final String REPORT_SUFFIX = ".report.json";

    private static final List<String> EXTENSIONS = List.of(".tsv", ".txt", ".csv");

    /** The suffix of the output table, e.g. {@code .imputed.tsv}. */
    protected abstract String tableSuffix();

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
}
