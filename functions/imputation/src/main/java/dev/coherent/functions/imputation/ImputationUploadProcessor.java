package dev.coherent.functions.imputation;

import dev.coherent.functions.common.UploadProcessor;
import dev.coherent.functions.common.UploadResponse;
import dev.coherent.functions.common.UploadService;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The imputation step of the upload trigger: a wide table ({@code .tsv}, {@code .txt} or
 * {@code .csv}) becomes {@code <name>.imputed.tsv} (every gap filled) and then
 * {@code <name>.report.json}, both tagged with the model set's sha256.
 */
@ApplicationScoped
public class ImputationUploadProcessor implements UploadProcessor {
    /** Outcome label of an imputed upload. */
    public static final String IMPUTED = "imputed";
    /** Outcome label of a redelivered upload that was already imputed. */
    public static final String ALREADY_IMPUTED = UploadResponse.ALREADY + IMPUTED;
    static final String TABLE_SUFFIX = ".imputed.tsv";
    static final String REPORT_SUFFIX = ".report.json";

    private static final List<String> EXTENSIONS = List.of(".tsv", ".txt", ".csv");
    private static final List<Output> OUTPUTS = List.of(new Output(TABLE_SUFFIX, "text/tab-separated-values"),
            new Output(REPORT_SUFFIX, "application/json"));

    private final ImputationService imputation;

    public ImputationUploadProcessor(ImputationService imputation) {
        this.imputation = imputation;
    }

    @Override
    public String doneLabel() {
        return IMPUTED;
    }

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
        return OUTPUTS;
    }

    @Override
    public Result process(InputStream in, String fileName, List<OutputStream> outputs) {
        ImputationService.TableSummary s = imputation.imputeTable(in, fileName, outputs.get(0), outputs.get(1));
        return new Result(String.format(Locale.ROOT, "imputed %d modalities of %d patients", s.imputedModalities(),
                s.patients()), Map.of(UploadService.MODEL_SET_METADATA, s.modelSetSha256()));
    }
}
