package dev.coherent.imputation;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.coherent.CoherentException;
import dev.coherent.cohort.ModalityColumns;
import dev.coherent.cohort.RawWideTableReader;
import dev.coherent.cohort.TableFormat;
import dev.coherent.cohort.WideRow;
import dev.coherent.cohort.WideSchema;
import dev.coherent.cohort.WideTableWriter;
import dev.coherent.modelset.InvalidQueryException;
import dev.coherent.modelset.ModelSet;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Imputes a raw wide table file with a model set trained on a raw cohort: one row per patient,
 * {@code sample} then {@code <modality>:<feature>} columns with raw values, every cell of a
 * modality empty when the patient lacks it (single empty cells inside a provided modality are
 * filled with the training medians).
 *
 * <p>Writes the same layout, {@code sample} then {@code <modality>:<feature>} for the kept
 * features of every modality of the model set, all in preprocessed units: provided modalities
 * preprocessed, missing ones the mean of the decoded draws. The units are those of the model
 * (log2 CPM, calls, centered RPPA): raw counts cannot be recovered from CPM. A JSON report lists
 * per patient what was imputed (method, draws, rejected and diverged draws, per-feature std) and
 * how many cells of each provided modality were filled. Rows are processed in chunks; output and
 * report are streamed.
 */
public final class RawTableImputation {
    private final ModelSet models;
    private final RawImputer imputer;
    private final RowCheck rowCheck;

    /** @throws InvalidQueryException when the model set has no encoders */
    public RawTableImputation(ModelSet models) {
        this(models, RowCheck.NONE);
    }

    /**
     * A raw table imputation that shows every row to {@code rowCheck} before imputing it.
     *
     * @throws InvalidQueryException when the model set has no encoders
     */
    public RawTableImputation(ModelSet models, RowCheck rowCheck) {
        this.models = models;
        this.imputer = new RawImputer(models);
        this.rowCheck = rowCheck;
    }

    /** The output columns: {@code <modality>:<feature>} for the kept features of every modality. */
    public WideSchema schema() {
        List<ModalityColumns> columns = new ArrayList<>();
        for (String m : models.modalities()) {
            List<String> names = new ArrayList<>();
            for (String f : models.encoder(m).preprocessor().parameters().features()) {
                names.add(m + RawWideTableReader.SEPARATOR + f);
            }
            columns.add(new ModalityColumns(m, names));
        }
        return new WideSchema(columns);
    }

    /**
     * Imputes {@code in} into {@code table} and writes the report to {@code report}.
     *
     * @param template method, draws, seed, interval, sampler and whether the report carries the
     *     imputed codes (its patients and targets are ignored: every missing modality is imputed)
     */
    public TableImputation.Summary run(
            InputStream in,
            String name,
            TableFormat inFormat,
            OutputStream table,
            TableFormat outFormat,
            OutputStream report,
            RawImputationRequest template,
            int chunkSize) {
        try (RawWideTableReader reader = new RawWideTableReader(in, name, inFormat);
                WideTableWriter writer = new WideTableWriter(table, outFormat, schema())) {
            for (String m : reader.modalities()) {
                if (!models.modalities().contains(m)) {
                    throw new InvalidQueryException(name + ": columns of unknown modality '" + m
                            + "'; the model set has " + models.modalities());
                }
            }
            try (ImputationReport json = new ImputationReport(
                    report,
                    models,
                    name,
                    "raw",
                    template.seed(),
                    template.method().label(),
                    template.sampler(),
                    template.draws(),
                    template.interval())) {
                List<WideRow> rows;
                while (!(rows = reader.next(chunkSize)).isEmpty()) {
                    List<RawPatientInput> chunk = new ArrayList<>();
                    for (WideRow r : rows) {
                        Map<String, RawValues> present = new LinkedHashMap<>();
                        r.present().forEach((m, v) -> present.put(m, new RawValues(reader.features(m), v)));
                        rowCheck.check(r.sample(), present.keySet());
                        chunk.add(new RawPatientInput(r.sample(), present));
                    }
                    RawImputationResult result = imputer.impute(new RawImputationRequest(
                            chunk,
                            List.of(),
                            template.method(),
                            template.draws(),
                            template.seed(),
                            template.interval(),
                            template.sampler(),
                            false,
                            template.includeLatent()));
                    for (RawPatientImputation p : result.patients()) {
                        Map<String, float[]> filled = new LinkedHashMap<>();
                        for (String m : models.modalities()) {
                            RawObservedModality o = p.observed().get(m);
                            filled.put(
                                    m,
                                    o != null ? o.values() : p.imputed().get(m).mean());
                        }
                        writer.write(new WideRow(p.id(), filled));
                        JsonGenerator entry = json.startPatient(p.id(), p.ood());
                        entry.writeObjectFieldStart("filled_cells");
                        for (Map.Entry<String, RawObservedModality> e :
                                p.observed().entrySet()) {
                            entry.writeNumberField(e.getKey(), e.getValue().filledCells());
                        }
                        entry.writeEndObject();
                        json.startImputed();
                        for (Map.Entry<String, RawImputedModality> e :
                                p.imputed().entrySet()) {
                            RawImputedModality im = e.getValue();
                            // Decoded features' intervals are the draws' quantiles: the calibration is of codes.
                            json.imputed(
                                    e.getKey(),
                                    im.method(),
                                    im.draws(),
                                    im.rejected(),
                                    im.diverged(),
                                    im.std(),
                                    im.lower(),
                                    im.upper(),
                                    false,
                                    im.latent());
                        }
                        json.endPatient();
                    }
                }
                return json.finish();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (UncheckedIOException e) {
            throw new CoherentException(
                    "cannot write the imputation output: " + e.getCause().getMessage(), e);
        }
    }
}
