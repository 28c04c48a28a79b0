package dev.coherent.imputation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coherent.cohort.ModalityColumns;
import dev.coherent.cohort.TableFormat;
import dev.coherent.cohort.WideSchema;
import dev.coherent.diffusion.SamplerSettings;
import dev.coherent.modelset.ImputationMethod;
import dev.coherent.modelset.InvalidQueryException;
import dev.coherent.modelset.ModelSet;
import dev.coherent.testutil.ModelSetFixture;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TableImputationTest {
    private static final ImputationRequest TEMPLATE = new ImputationRequest(
            List.of(), List.of(), ImputationMethod.AUTO, 2, 3, 0.9, SamplerSettings.ddim(5), false);
    private static ModelSet set;

    @BeforeAll
    static void load() {
        set = ModelSet.load(ModelSetFixture.modelSet());
    }

    @AfterAll
    static void close() {
        set.close();
    }

    /** A TSV with a patient that has rnaseq only and one that has nothing at all. */
    private static byte[] table(WideSchema schema) {
        List<String> header = new ArrayList<>(List.of("sample"));
        List<String> partial = new ArrayList<>(List.of("P1"));
        List<String> empty = new ArrayList<>(List.of("P2"));
        for (ModalityColumns m : schema.modalities()) {
            for (String c : m.columns()) {
                header.add(c);
                partial.add(m.modality().equals("rnaseq") ? "0.5" : "");
                empty.add("");
            }
        }
        return (String.join("\t", header) + "\n" + String.join("\t", partial) + "\n" + String.join("\t", empty) + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static TableImputation.Summary run(TableImputation t, ByteArrayOutputStream out) {
        return t.run(
                new ByteArrayInputStream(table(t.schema())),
                "in.tsv",
                TableFormat.TSV,
                out,
                TableFormat.TSV,
                new ByteArrayOutputStream(),
                TEMPLATE,
                1);
    }

    @Test
    void imputesEveryRowWithoutARowCheck() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        TableImputation t = new TableImputation(set);
        TableImputation.Summary s = t.run(
                new ByteArrayInputStream(table(t.schema())),
                "in.tsv",
                TableFormat.TSV,
                out,
                TableFormat.TSV,
                report,
                TEMPLATE,
                1);
        assertEquals(2, s.patients());
        assertEquals(3 + 4, s.imputedModalities());
        assertEquals(3, out.toString(StandardCharsets.UTF_8).split("\n").length);
        // Every imputed modality says how many of its draws diverged; the totals add them up.
        JsonNode json = new ObjectMapper().readTree(report.toByteArray());
        int diverged = 0;
        for (JsonNode p : json.get("patients")) {
            for (JsonNode m : p.get("imputed")) {
                assertTrue(m.has("diverged"), m.toString());
                diverged += m.get("diverged").asInt();
            }
        }
        assertEquals(s.divergedDraws(), diverged);
        assertEquals(diverged, json.get("diverged_draws").asInt());
        assertEquals(s.rejectedDraws(), json.get("rejected_draws").asInt());
    }

    @Test
    void rowCheckSeesEveryRowAndCanRefuseOne() {
        List<String> seen = new ArrayList<>();
        TableImputation t = new TableImputation(set, (id, provided) -> {
            seen.add(id);
            if (provided.isEmpty()) {
                throw new InvalidQueryException("patient '" + id + "' has no modality");
            }
        });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InvalidQueryException e = assertThrows(InvalidQueryException.class, () -> run(t, out));
        assertTrue(e.getMessage().contains("'P2'"), e.getMessage());
        assertEquals(List.of("P1", "P2"), seen);
    }
}
