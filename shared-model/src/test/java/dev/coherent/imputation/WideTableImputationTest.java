package dev.coherent.imputation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coherent.cohort.Cohort;
import dev.coherent.cohort.TableFormat;
import dev.coherent.diffusion.SamplerSettings;
import dev.coherent.modelset.ImputationMethod;
import dev.coherent.modelset.InvalidQueryException;
import dev.coherent.modelset.ModelSet;
import dev.coherent.testutil.RawCohortFixture;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One entry point for both table layouts, as the CLI and the upload trigger use it. */
class WideTableImputationTest {
    private static final ImputationRequest TEMPLATE = new ImputationRequest(
            List.of(),
            List.of(),
            ImputationMethod.AUTO,
            4,
            7,
            0.9,
            SamplerSettings.ddim(10).withEta(1.0),
            false);

    /** Patients 3 and 6 of the fixture as a raw table; patient 6 without its cn columns. */
    private static String rawTable() {
        Cohort c = RawCohortFixture.cohort();
        StringBuilder in = new StringBuilder("sample");
        for (String m : List.of("expr", "cn")) {
            for (String f : c.modality(m).features()) {
                in.append('\t').append(m).append(':').append(f);
            }
        }
        in.append('\n');
        for (int i : new int[] {3, 6}) {
            in.append(RawCohortFixture.id(i));
            for (String m : List.of("expr", "cn")) {
                for (float v : c.modality(m).row(i)) {
                    in.append('\t').append(i == 6 && m.equals("cn") ? "" : Float.toString(v));
                }
            }
            in.append('\n');
        }
        return in.toString();
    }

    private static ByteArrayInputStream bytes(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aRawTableGoesThroughTheEncodersAsTheRawImputationWouldDoIt() throws Exception {
        ByteArrayOutputStream viaEntry = new ByteArrayOutputStream();
        ByteArrayOutputStream direct = new ByteArrayOutputStream();
        List<String> seen = new ArrayList<>();
        try (ModelSet set = ModelSet.load(RawCohortFixture.modelSet())) {
            TableImputation.Summary s = WideTableImputation.run(
                    set,
                    bytes("\n" + rawTable()),
                    "raw.tsv",
                    TableFormat.TSV,
                    viaEntry,
                    TableFormat.TSV,
                    new ByteArrayOutputStream(),
                    TEMPLATE,
                    1,
                    false,
                    (id, provided) -> seen.add(id + ":" + provided.size()));
            assertEquals(2, s.patients());
            new RawTableImputation(set)
                    .run(
                            bytes(rawTable()),
                            "raw.tsv",
                            TableFormat.TSV,
                            direct,
                            TableFormat.TSV,
                            new ByteArrayOutputStream(),
                            new RawImputationRequest(
                                    List.of(),
                                    List.of(),
                                    TEMPLATE.method(),
                                    TEMPLATE.draws(),
                                    TEMPLATE.seed(),
                                    TEMPLATE.interval(),
                                    TEMPLATE.sampler(),
                                    false,
                                    false),
                            1);
        }
        assertTrue(viaEntry.toString(StandardCharsets.UTF_8).startsWith("sample\tcn:"), "raw columns out");
        assertArrayEquals(direct.toByteArray(), viaEntry.toByteArray());
        assertEquals(
                List.of(RawCohortFixture.id(3) + ":2", RawCohortFixture.id(6) + ":1"),
                seen,
                "the row check sees every raw row with the modalities it provides");
    }

    @Test
    void aRawTableNeedsEncodersAndTheRowCheckCanRefuseARawRow() throws Exception {
        try (ModelSet latentSet = ModelSet.inMemory(
                RawCohortFixture.trained().manifest().withEncoders(List.of()),
                RawCohortFixture.trained().denoisers().weights(),
                List.of())) {
            InvalidQueryException e = assertThrows(
                    InvalidQueryException.class,
                    () -> WideTableImputation.run(
                            latentSet,
                            bytes(rawTable()),
                            "raw.tsv",
                            TableFormat.TSV,
                            new ByteArrayOutputStream(),
                            TableFormat.TSV,
                            new ByteArrayOutputStream(),
                            TEMPLATE,
                            4,
                            false,
                            RowCheck.NONE));
            assertTrue(
                    e.getMessage().contains("raw.tsv has <modality>:<feature> columns")
                            && e.getMessage().contains("has no encoders"),
                    e.getMessage());
        }
        try (ModelSet set = ModelSet.load(RawCohortFixture.modelSet())) {
            InvalidQueryException e = assertThrows(
                    InvalidQueryException.class,
                    () -> WideTableImputation.run(
                            set,
                            bytes(rawTable()),
                            "raw.tsv",
                            TableFormat.TSV,
                            new ByteArrayOutputStream(),
                            TableFormat.TSV,
                            new ByteArrayOutputStream(),
                            TEMPLATE,
                            4,
                            false,
                            (id, provided) -> {
                                if (provided.size() < 2) {
                                    throw new InvalidQueryException("patient '" + id + "' lacks a modality");
                                }
                            }));
            assertEquals("patient '" + RawCohortFixture.id(6) + "' lacks a modality", e.getMessage());
        }
    }

    @Test
    void aTableOfCodesIsImputedAsCodes() throws Exception {
        try (ModelSet set = ModelSet.load(RawCohortFixture.modelSet())) {
            dev.coherent.cohort.WideSchema schema = new TableImputation(set).schema();
            List<String> columns = schema.modalities().get(0).columns();
            StringBuilder in = new StringBuilder("sample\t" + String.join("\t", columns) + "\nP1");
            for (int k = 0; k < columns.size(); k++) {
                in.append("\t0.1");
            }
            in.append('\n');
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            TableImputation.Summary s = WideTableImputation.run(
                    set,
                    bytes(in.toString()),
                    "codes.tsv",
                    TableFormat.TSV,
                    out,
                    TableFormat.TSV,
                    new ByteArrayOutputStream(),
                    TEMPLATE,
                    4,
                    false,
                    RowCheck.NONE);
            assertEquals(1, s.patients());
            assertEquals(set.modalities().size() - 1, s.imputedModalities());
            String header = out.toString(StandardCharsets.UTF_8).split("\n")[0];
            assertTrue(header.startsWith("sample\t" + columns.get(0)) && !header.contains(":"), header);
        }
    }
}
