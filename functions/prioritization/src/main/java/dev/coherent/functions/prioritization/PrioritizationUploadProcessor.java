package dev.coherent.functions.prioritization;

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
 * The prioritization step of the upload trigger: a wide cohort table ({@code .tsv}, {@code .txt}
 * or {@code .csv}) becomes {@code <name>.priorities.tsv}, every (patient, missing modality) pair
 * ranked, and then {@code <name>.report.json} (the settings it was ranked with), both tagged with
 * the model set's sha256.
 */
@ApplicationScoped
public class PrioritizationUploadProcessor implements UploadProcessor {
    /** Outcome label of a ranked upload. */
    public static final String PRIORITIZED = "prioritized";
    /** Outcome label of a redelivered upload that was already ranked. */
    public static final String ALREADY_PRIORITIZED = UploadResponse.ALREADY + PRIORITIZED;
    static final String SUFFIX = ".priorities.tsv";
    static final String REPORT_SUFFIX = ".report.json";

    private static final List<String> EXTENSIONS = List.of(".tsv", ".txt", ".csv");
    private static final List<Output> OUTPUTS = List.of(new Output(SUFFIX, "text/tab-separated-values"),
            new Output(REPORT_SUFFIX, "application/json"));

    private final PrioritizationService prioritization;

    public PrioritizationUploadProcessor(PrioritizationService prioritization) {
        this.prioritization = prioritization;
    }

    @Override
    public String doneLabel() {
        return PRIORITIZED;
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
        PrioritizationService.TableSummary s = prioritization.prioritizeTable(in, fileName, outputs.get(0),
                outputs.get(1));
        return new Result(String.format(Locale.ROOT, "ranked %d candidate measurements of %d patients", s.pairs(),
                s.patients()), Map.of(UploadService.MODEL_SET_METADATA, s.modelSetSha256()));
    }
}
