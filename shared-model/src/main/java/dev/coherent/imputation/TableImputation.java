package dev.coherent.imputation;

import dev.coherent.CoherentException;
import dev.coherent.cohort.TableFormat;
import dev.coherent.cohort.WideRow;
import dev.coherent.cohort.WideSchema;
import dev.coherent.cohort.WideTableReader;
import dev.coherent.cohort.WideTableWriter;
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
 * Imputes a wide table file: one row per patient, {@code sample} then {@code <modality>_<k>}
 * columns, empty cells for a missing modality. Writes the same table with the gaps filled by the
 * mean of the draws, and a JSON report (per patient: what was imputed, method, std, rejected and
 * diverged draws).
 *
 * <p>Rows are processed in chunks of {@code chunkSize}, and output and report are streamed, so
 * memory stays bounded whatever the file size. The CLI and the upload trigger both use this.
 */
public final class TableImputation {
    public static final int DEFAULT_CHUNK = 256;

    private final ModelSet models;
    private final Imputer imputer;
    private final RowCheck rowCheck;

    public TableImputation(ModelSet models) {
        this(models, RowCheck.NONE);
    }

    /** A table imputation that shows every row to {@code rowCheck} before imputing it. */
    public TableImputation(ModelSet models, RowCheck rowCheck) {
        this.models = models;
        this.imputer = new Imputer(models);
        this.rowCheck = rowCheck;
    }

    /** Column layout of the model set's wide tables: {@code <modality>_<kk>} per feature. */
    public WideSchema schema() {
        return models.manifest().codeSchema();
    }

    /**
     * What one run did.
     *
     * @param divergedDraws draws whose spread was far beyond the training data's
     *     ({@link dev.coherent.metrics.Divergence}); anything but 0 means the sampler settings do not
     *     work for this model set
     * @param oodFlagged patients whose provided modalities were unlike the training data
     *     ({@link OutOfDistribution})
     */
    public record Summary(int patients, int imputedModalities, int rejectedDraws, int divergedDraws, int oodFlagged) {}

    /**
     * Imputes {@code in} into {@code table} and writes the report to {@code report}.
     *
     * @param template method, draws, seed, interval and sampler for every chunk (its patients and
     *     targets are ignored: every missing modality is imputed)
     */
    public Summary run(
            InputStream in,
            String name,
            TableFormat inFormat,
            OutputStream table,
            TableFormat outFormat,
            OutputStream report,
            ImputationRequest template,
            int chunkSize) {
        WideSchema schema = schema();
        try (WideTableReader reader = new WideTableReader(in, name, inFormat, schema);
                WideTableWriter writer = new WideTableWriter(table, outFormat, schema);
                ImputationReport json = new ImputationReport(
                        report,
                        models,
                        name,
                        null,
                        template.seed(),
                        template.method().label(),
                        template.sampler(),
                        template.draws(),
                        template.interval())) {
            List<WideRow> rows;
            while (!(rows = reader.next(chunkSize)).isEmpty()) {
                List<PatientInput> chunk = new ArrayList<>();
                for (WideRow r : rows) {
                    PatientInput patient = new PatientInput(r.sample(), r.present());
                    rowCheck.check(patient.id(), patient.modalities().keySet());
                    chunk.add(patient);
                }
                ImputationResult result = imputer.impute(new ImputationRequest(
                        chunk,
                        List.of(),
                        template.method(),
                        template.draws(),
                        template.seed(),
                        template.interval(),
                        template.sampler(),
                        false));
                for (int i = 0; i < rows.size(); i++) {
                    PatientImputation p = result.patients().get(i);
                    Map<String, float[]> filled = new LinkedHashMap<>();
                    for (String m : models.modalities()) {
                        float[] v = rows.get(i).present().get(m);
                        filled.put(m, v != null ? v : p.imputed().get(m).mean());
                    }
                    writer.write(new WideRow(p.id(), filled));
                    json.startPatient(p.id(), p.ood());
                    json.startImputed();
                    for (Map.Entry<String, ImputedModality> e : p.imputed().entrySet()) {
                        ImputedModality im = e.getValue();
                        json.imputed(
                                e.getKey(),
                                im.method(),
                                im.draws(),
                                im.rejected(),
                                im.diverged(),
                                im.std(),
                                im.lower(),
                                im.upper(),
                                im.calibrated(),
                                null);
                    }
                    json.endPatient();
                }
            }
            return json.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (UncheckedIOException e) {
            throw new CoherentException(
                    "cannot write the imputation output: " + e.getCause().getMessage(), e);
        }
    }
}
