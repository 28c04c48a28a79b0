package dev.coherent.functions.prioritization;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coherent.cohort.CohortFormatException;
import dev.coherent.cohort.TableFormat;
import dev.coherent.cohort.WideRow;
import dev.coherent.cohort.WideTableReader;
import dev.coherent.functions.common.modelset.ModelSetLease;
import dev.coherent.functions.common.modelset.ModelSetService;
import dev.coherent.functions.common.request.PatientRequests;
import dev.coherent.functions.common.upload.InvalidUploadException;
import dev.coherent.modelset.InvalidQueryException;
import dev.coherent.modelset.ModelSet;
import dev.coherent.prioritization.PatientScore;
import dev.coherent.prioritization.RankingTable;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Uploaded cohort tables ranked with the defaults and the upload seed, written as TSV and a report. */
@ApplicationScoped
public class RankedTables {
    private final PrioritizationConfig config;
    private final ModelSetService modelSets;
    private final ObjectMapper json;

    public RankedTables(PrioritizationConfig config, ModelSetService modelSets, ObjectMapper json) {
        this.config = config;
        this.modelSets = modelSets;
        this.json = json;
    }

    /** What one table prioritization did. */
    public record TableSummary(int patients, int pairs, String modelSetVersion, String modelSetSha256) {}

    /**
     * Ranks every (patient, missing modality) pair of an uploaded wide table (read as
     * {@code format}: {@code sample}, then {@code <modality>_<kk>} columns, empty
     * cells for a missing modality) with the defaults and the upload seed, and writes the ranking
     * as TSV ({@link RankingTable#COLUMNS}) and the settings as a JSON report ({@link TableReport}). Rows are read and scored in chunks of
     * {@code coherent.upload.chunk-size}; only the scores (a few numbers per pair) are kept for the
     * final sort.
     *
     * @throws InvalidUploadException with {@link PrioritizationProblemType#INVALID_UPLOAD} when the
     *     file can never be ranked (format, content, a patient without any modality); anything else
     *     may succeed on a retry
     */
    public TableSummary prioritizeTable(
            InputStream in, String fileName, TableFormat format, OutputStream out, OutputStream report) {
        try (ModelSetLease lease = modelSets.lease()) {
            return prioritizeTable(lease.set(), in, fileName, format, out, report);
        }
    }

    private TableSummary prioritizeTable(
            ModelSet set, InputStream in, String fileName, TableFormat format, OutputStream out, OutputStream report) {
        ScoringSettings s =
                ScoringSettings.defaults(config, set, config.upload().seed());
        List<PatientScore> scores = new ArrayList<>();
        int patients = 0;
        try (WideTableReader reader =
                new WideTableReader(in, fileName, format, set.manifest().codeSchema())) {
            List<WideRow> rows;
            while (!(rows = reader.next(config.upload().chunkSize())).isEmpty()) {
                List<String> ids = new ArrayList<>(rows.size());
                List<Map<String, float[]>> standardized = new ArrayList<>(rows.size());
                List<List<String>> candidates = new ArrayList<>(rows.size());
                for (WideRow r : rows) {
                    if (r.present().isEmpty()) {
                        throw new InvalidUploadException(
                                PrioritizationProblemType.INVALID_UPLOAD,
                                fileName + ": "
                                        + PatientRequests.nothingObserved(
                                                r.sample(), PrioritizationService.UNCONDITIONAL));
                    }
                    ids.add(r.sample());
                    standardized.add(PrioritizationService.standardize(set, r.present()));
                    candidates.add(set.modalities().stream()
                            .filter(m -> !r.present().containsKey(m))
                            .toList());
                }
                scores.addAll(PrioritizationService.score(set, s, ids, standardized, candidates));
                patients += rows.size();
            }
        } catch (CohortFormatException | InvalidQueryException e) {
            throw new InvalidUploadException(PrioritizationProblemType.INVALID_UPLOAD, e.getMessage(), e);
        }
        Ranking ranking =
                Ranking.of(scores, s.costs(), s.score(), s.classifier().spec().classes(), null);
        writeTable(ranking.entries(), out);
        writeReport(
                new TableReport(
                        fileName,
                        new PrioritizeResponse.ModelSetRef(set.version(), set.sha256()),
                        s.label(),
                        s.classifier().spec().classes(),
                        s.score().label(),
                        s.method().label(),
                        s.sampler().kind().label(),
                        s.sampler().steps(),
                        s.sampler().eta(),
                        s.sampler().variance().label(),
                        s.draws(),
                        s.seed(),
                        s.costs(),
                        patients,
                        ranking.entries().size(),
                        ranking.entries().stream()
                                .mapToInt(PrioritizeResponse.Entry::diverged)
                                .sum(),
                        RankingTable.COLUMNS),
                report);
        return new TableSummary(patients, ranking.entries().size(), set.version(), set.sha256());
    }

    /**
     * What an upload's ranking was made with (no patient values): written next to the TSV as
     * {@code <name>.report.json}, so a ranking can be reproduced and compared.
     */
    record TableReport(
            String file,
            @JsonProperty("model_set") PrioritizeResponse.ModelSetRef modelSet,
            String label,
            List<String> classes,
            String score,
            String method,
            String sampler,
            int steps,
            double eta,
            String variance,
            int draws,
            long seed,
            Map<String, Double> costs,
            @JsonProperty("patient_count") int patientCount,
            @JsonProperty("pair_count") int pairCount,
            @JsonProperty("diverged_draws") int divergedDraws,
            List<String> columns) {}

    private void writeReport(TableReport r, OutputStream out) {
        try {
            // The caller closes the stream.
            json.writerWithDefaultPrettyPrinter()
                    .without(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                    .writeValue(out, r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the ranking as TSV ({@link RankingTable}); the caller closes {@code out}. */
    static void writeTable(List<PrioritizeResponse.Entry> entries, OutputStream out) {
        RankingTable.write(
                entries.stream()
                        .map(e -> new RankingTable.Row(
                                e.rank(),
                                e.patient(),
                                e.modality(),
                                e.score(),
                                e.scorePerCost(),
                                e.cost(),
                                e.disagreement(),
                                e.variance(),
                                e.baseline().predictedClass(),
                                e.diverged()))
                        .toList(),
                out);
    }
}
