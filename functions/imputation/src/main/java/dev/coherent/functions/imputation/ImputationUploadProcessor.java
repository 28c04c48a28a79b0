package dev.coherent.functions.imputation;

import dev.coherent.cohort.TableFormat;
import dev.coherent.functions.common.problem.ProblemType;
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
 * The imputation step of the upload trigger: a wide table ({@code .tsv}, {@code .txt},
 * {@code .csv} or {@code .parquet}) becomes {@code <name>.imputed.tsv} ({@code .imputed.parquet}
 * for Parquet; every gap filled) and then {@code <name>.report.json}, both tagged with the model
 * set's sha256.
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
    protected ProblemType invalidUpload() {
        return ImputationProblemType.INVALID_UPLOAD;
    }

    @Override
    protected Result processTable(InputStream in, String fileName, TableFormat format, List<OutputStream> outputs) {
        UploadedTables.TableSummary s = imputation.imputeTable(in, fileName, format, outputs.get(0), outputs.get(1));
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
