package dev.coherent.functions.imputation;

import dev.coherent.cohort.CohortFormatException;
import dev.coherent.cohort.TableFormat;
import dev.coherent.functions.common.metrics.CoherentMetrics;
import dev.coherent.functions.common.metrics.CoherentMetrics.Answer;
import dev.coherent.functions.common.modelset.ModelSetLease;
import dev.coherent.functions.common.modelset.ModelSetService;
import dev.coherent.functions.common.request.PatientRequests;
import dev.coherent.functions.common.upload.InvalidUploadException;
import dev.coherent.imputation.ImputationRequest;
import dev.coherent.imputation.RowCheck;
import dev.coherent.imputation.TableImputation;
import dev.coherent.imputation.WideTableImputation;
import dev.coherent.modelset.ImputationMethod;
import dev.coherent.modelset.InvalidQueryException;
import dev.coherent.modelset.ModelSet;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * Uploaded tables imputed with the upload defaults and seed: the inline upload path and each batch
 * of the fan-out ({@link DistributedImputation}) go through here.
 */
@ApplicationScoped
public class UploadedTables {
    private final ImputationConfig config;
    private final ModelSetService modelSets;
    private final ImputationService imputation;
    private final CoherentMetrics metrics;

    public UploadedTables(
            ImputationConfig config, ModelSetService modelSets, ImputationService imputation, CoherentMetrics metrics) {
        this.config = config;
        this.modelSets = modelSets;
        this.imputation = imputation;
        this.metrics = metrics;
    }

    /** What one table imputation did. */
    public record TableSummary(
            int patients,
            int imputedModalities,
            int rejectedDraws,
            int divergedDraws,
            String modelSetVersion,
            String modelSetSha256) {}

    /**
     * Imputes an uploaded wide table, read as {@code format}, in chunks and writes the filled table
     * (TSV, the input's layout: codes, or raw features with a model set that has encoders) and the
     * JSON report, with the upload defaults and seed.
     *
     * @throws InvalidUploadException with {@link ImputationProblemType#INVALID_UPLOAD} when the file
     *     can never be imputed (format, content, privacy gate); anything else may succeed on a retry
     */
    public TableSummary imputeTable(
            InputStream in, String fileName, TableFormat format, OutputStream table, OutputStream report) {
        try (ModelSetLease lease = modelSets.lease()) {
            return imputeTable(lease.set(), in, fileName, format, table, report);
        }
    }

    private TableSummary imputeTable(
            ModelSet set,
            InputStream in,
            String fileName,
            TableFormat format,
            OutputStream table,
            OutputStream report) {
        ImputationRequest template = new ImputationRequest(
                List.of(),
                List.of(),
                ImputationMethod.parse(config.defaults().method()),
                config.defaults().draws(),
                config.upload().seed(),
                config.defaults().interval(),
                imputation.defaultSampler(set),
                false);
        RowCheck gate = (id, provided) -> {
            if (provided.isEmpty() && !config.privacy().allowUnconditional()) {
                throw new InvalidUploadException(
                        ImputationProblemType.INVALID_UPLOAD,
                        fileName + ": " + PatientRequests.nothingObserved(id, ImputationService.UNCONDITIONAL));
            }
        };
        try {
            TableImputation.Summary s = WideTableImputation.run(
                    set,
                    in,
                    fileName,
                    format,
                    table,
                    TableFormat.TSV,
                    report,
                    template,
                    config.upload().chunkSize(),
                    false,
                    gate);
            metrics.answered(
                    "upload",
                    new Answer(
                            s.patients(),
                            s.oodFlagged(),
                            s.imputedModalities(),
                            (long) s.imputedModalities() * template.draws(),
                            s.rejectedDraws(),
                            s.divergedDraws()));
            return new TableSummary(
                    s.patients(),
                    s.imputedModalities(),
                    s.rejectedDraws(),
                    s.divergedDraws(),
                    set.version(),
                    set.sha256());
        } catch (CohortFormatException | InvalidQueryException e) {
            throw new InvalidUploadException(ImputationProblemType.INVALID_UPLOAD, e.getMessage(), e);
        }
    }
}
