package dev.coherent.functions.prioritization;

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
 * The prioritization step of the upload trigger: a wide cohort table ({@code .tsv}, {@code .txt},
 * {@code .csv} or {@code .parquet}) becomes {@code <name>.priorities.tsv} ({@code .parquet} for
 * Parquet), every (patient, missing modality) pair
 * ranked, and then {@code <name>.report.json} (the settings it was ranked with), both tagged with
 * the model set's sha256.
 */
@ApplicationScoped
public class PrioritizationUploadProcessor extends TableUploadProcessor {
    /** Outcome label of a ranked upload. */
    public static final String PRIORITIZED = "prioritized";
    /** Outcome label of a redelivered upload that was already ranked. */
    public static final String ALREADY_PRIORITIZED = UploadResponse.ALREADY + PRIORITIZED;

    private final RankedTables prioritization;

    public PrioritizationUploadProcessor(RankedTables prioritization) {
        this.prioritization = prioritization;
    }

    @Override
    public String doneLabel() {
        return PRIORITIZED;
    }

    @Override
    protected String tableSuffix() {
        return ".priorities.tsv";
    }

    @Override
    protected ProblemType invalidUpload() {
        return PrioritizationProblemType.INVALID_UPLOAD;
    }

    @Override
    protected Result processTable(InputStream in, String fileName, TableFormat format, List<OutputStream> outputs) {
        RankedTables.TableSummary s =
                prioritization.prioritizeTable(in, fileName, format, outputs.get(0), outputs.get(1));
        return new Result(
                String.format(Locale.ROOT, "ranked %d candidate measurements of %d patients", s.pairs(), s.patients()),
                Map.of(UploadService.MODEL_SET_METADATA, s.modelSetSha256()));
    }
}
