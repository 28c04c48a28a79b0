package dev.coherent.imputation;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.coherent.diffusion.SamplerSettings;
import dev.coherent.json.Json;
import dev.coherent.modelset.ModelSet;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The streamed JSON report of a table imputation, latent or raw: the settings (all that changes
 * the draws, so a run can be reproduced), then per patient
 * what was imputed (method, draws, rejections, diverged draws, per-feature std, the central interval
 * and whether it is calibrated), then the totals.
 * The one home of its layout for {@link TableImputation} and {@link RawTableImputation}.
 */
final class ImputationReport implements AutoCloseable {
    private final JsonGenerator json;
    private int patients;
    private int oodFlagged;
    private int imputedModalities;
    private int calibratedIntervals;
    private int rejectedDraws;
    private int divergedDraws;

    /** @param space {@code "raw"}, or {@code null} for the latent space (no field) */
    ImputationReport(
            OutputStream out,
            ModelSet models,
            String input,
            String space,
            long seed,
            String method,
            SamplerSettings sampler,
            int draws,
            double interval)
            throws IOException {
        json = Json.MAPPER.getFactory().createGenerator(out, JsonEncoding.UTF8);
        json.useDefaultPrettyPrinter();
        json.writeStartObject();
        json.writeObjectFieldStart("model_set");
        json.writeStringField("version", models.version());
        json.writeStringField("sha256", models.sha256());
        json.writeEndObject();
        json.writeStringField("input", input);
        if (space != null) {
            json.writeStringField("space", space);
        }
        json.writeNumberField("seed", seed);
        json.writeStringField("method", method);
        json.writeStringField("sampler", sampler.kind().label());
        json.writeNumberField("steps", sampler.steps());
        json.writeNumberField("eta", sampler.eta());
        json.writeStringField("variance", sampler.variance().label());
        json.writeNumberField("draws", draws);
        json.writeNumberField("interval", interval);
        json.writeArrayFieldStart("patients");
    }

    /**
     * Opens a patient's entry with its id and out-of-distribution verdict (none when the set cannot
     * tell); what the caller writes next goes into it until {@link #startImputed}.
     */
    JsonGenerator startPatient(String id, OutOfDistribution ood) throws IOException {
        patients++;
        json.writeStartObject();
        json.writeStringField("id", id);
        if (ood != null) {
            json.writeObjectFieldStart("ood");
            json.writeNumberField("score", ood.score());
            json.writeNumberField("threshold", ood.threshold());
            json.writeBooleanField("flagged", ood.flagged());
            json.writeStringField("modality", ood.modality());
            json.writeEndObject();
            oodFlagged += ood.flagged() ? 1 : 0;
        }
        return json;
    }

    void startImputed() throws IOException {
        json.writeObjectFieldStart("imputed");
    }

    /**
     * One imputed modality with its central interval ({@code calibrated}: the set's conformal
     * calibration, else the draws' quantiles); {@code latent} (raw space, when asked for) adds the
     * code it was decoded from.
     */
    void imputed(
            String modality,
            String method,
            int draws,
            int rejected,
            int diverged,
            float[] std,
            float[] lower,
            float[] upper,
            boolean calibrated,
            ImputedModality latent)
            throws IOException {
        json.writeObjectFieldStart(modality);
        json.writeStringField("method", method);
        json.writeNumberField("draws", draws);
        json.writeNumberField("rejected", rejected);
        json.writeNumberField("diverged", diverged);
        writeArray("std", std);
        writeArray("lower", lower);
        writeArray("upper", upper);
        json.writeBooleanField("interval_calibrated", calibrated);
        if (latent != null) {
            // The code the decoded features came from, in the model set's latent space.
            json.writeObjectFieldStart("latent");
            writeArray("mean", latent.mean());
            writeArray("std", latent.std());
            json.writeEndObject();
        }
        json.writeEndObject();
        imputedModalities++;
        calibratedIntervals += calibrated ? 1 : 0;
        rejectedDraws += rejected;
        divergedDraws += diverged;
    }

    /** Closes the patient's imputed modalities and its entry. */
    void endPatient() throws IOException {
        json.writeEndObject();
        json.writeEndObject();
    }

    /** Writes the totals and ends the report. */
    TableImputation.Summary finish() throws IOException {
        json.writeEndArray();
        long[] values = {patients, imputedModalities, calibratedIntervals, rejectedDraws, divergedDraws, oodFlagged};
        for (int i = 0; i < TOTALS.length; i++) {
            json.writeNumberField(TOTALS[i], values[i]);
        }
        json.writeEndObject();
        return new TableImputation.Summary(patients, imputedModalities, rejectedDraws, divergedDraws, oodFlagged);
    }

    private void writeArray(String field, float[] v) throws IOException {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        json.writeFieldName(field);
        json.writeArray(d, 0, d.length);
    }

    @Override
    public void close() throws IOException {
        json.close();
    }

    /** The totals at the end of a report, in their order; a merge sums them. */
    private static final String[] TOTALS = {
        "patient_count", "imputed_modalities", "calibrated_intervals", "rejected_draws", "diverged_draws", "ood_flagged"
    };

    /**
     * Merges the reports of consecutive parts of one table, each written by this class for the same
     * input and settings, into the report one run over the whole table writes: the settings once,
     * every part's patients in order, the totals summed. Same generator and pretty printer, and
     * numbers copied as the doubles they were written from, so the bytes are those of one run.
     *
     * @throws IllegalArgumentException when a part is not such a report, or its settings differ
     */
    static TableImputation.Summary merge(Iterator<InputStream> parts, OutputStream out) throws IOException {
        long[] totals = new long[TOTALS.length];
        Map<String, Object> settings = null;
        int index = 0;
        try (JsonGenerator json = Json.MAPPER.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            json.useDefaultPrettyPrinter();
            while (parts.hasNext()) {
                try (InputStream in = parts.next();
                        JsonParser p = Json.MAPPER.getFactory().createParser(in)) {
                    expect(p.nextToken() == JsonToken.START_OBJECT, index, "not a JSON object");
                    Map<String, Object> head = new LinkedHashMap<>();
                    String field;
                    while (!"patients".equals(field = p.nextFieldName())) {
                        expect(field != null, index, "no patients array");
                        p.nextToken();
                        head.put(field, p.readValueAsTree());
                    }
                    if (settings == null) {
                        settings = head;
                        json.writeStartObject();
                        for (Map.Entry<String, Object> e : head.entrySet()) {
                            json.writeFieldName(e.getKey());
                            json.writeTree((com.fasterxml.jackson.core.TreeNode) e.getValue());
                        }
                        json.writeArrayFieldStart("patients");
                    } else {
                        expect(settings.equals(head), index, "its input or settings differ from the first part's");
                    }
                    expect(p.nextToken() == JsonToken.START_ARRAY, index, "patients is not an array");
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        json.copyCurrentStructure(p);
                    }
                    for (int i = 0; i < TOTALS.length; i++) {
                        expect(TOTALS[i].equals(p.nextFieldName()), index, "no " + TOTALS[i] + " after the patients");
                        p.nextToken();
                        totals[i] += p.getLongValue();
                    }
                }
                index++;
            }
            expect(settings != null, 0, "no parts");
            json.writeEndArray();
            for (int i = 0; i < TOTALS.length; i++) {
                json.writeNumberField(TOTALS[i], totals[i]);
            }
            json.writeEndObject();
        }
        return new TableImputation.Summary(
                (int) totals[0], (int) totals[1], (int) totals[3], (int) totals[4], (int) totals[5]);
    }

    private static void expect(boolean ok, int part, String problem) {
        if (!ok) {
            throw new IllegalArgumentException("report part " + part + ": " + problem);
        }
    }
}
