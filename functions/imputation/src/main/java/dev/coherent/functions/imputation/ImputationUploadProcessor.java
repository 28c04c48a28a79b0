package dev.coherent.functions.imputation;

import dev.coherent.functions.common.upload.TableUploadProcessor;
import dev.coherent.functions.common.upload.UploadResponse;
import dev.coherent.functions.common.upload.UploadService;
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
public class ImputationUploadProcessor extends TableUploadProcessor {
    /** Outcome label of an imputed upload. */
    public static final String IMPUTED = "imputed";
    /** Outcome label of a redelivered upload that was already imputed. */
    public static final String ALREADY_IMPUTED = UploadResponse.ALREADY + IMPUTED;
    /** Suffix of the imputed table (the fan-out's assembly writes the same key). */
    public static final String TABLE_SUFFIX = ".imputed.tsv";

    private final UploadedTables imputation;

    public ImputationUploadProcessor(UploadedTables imputation) {
        this.imputation = imputation;
    }

    @Override
    public String doneLabel() {
        return IMPUTED;
    }

    @Override
    protected String tableSuffix() {
        return TABLE_SUFFIX;
    }

    @Override
    public Result process(InputStream in, String fileName, List<OutputStream> outputs) {
        UploadedTables.TableSummary s = imputation.imputeTable(in, fileName, outputs.get(0), outputs.get(1));
        return new Result(
                String.format(
                        Locale.ROOT,
                        "imputed %d modalities of %d patients%s",
                        s.imputedModalities(),
                        s.patients(),
                        s.divergedDraws() > 0 ? ", " + s.divergedDraws() + " draws diverged (see the report)" : ""),
                Map.of(UploadService.MODEL_SET_METADATA, s.modelSetSha256()));
    }
}
