package dev.coherent.imputation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coherent.cohort.ModalityColumns;
import dev.coherent.cohort.TableFormat;
import dev.coherent.cohort.WideSchema;
import dev.coherent.diffusion.SamplerSettings;
import dev.coherent.modelset.ImputationMethod;
import dev.coherent.modelset.ModelSet;
import dev.coherent.testutil.ModelSetFixture;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A table imputed in parts and put together is, byte for byte, the table imputed in one run. */
class TablePartsTest {
    private static ModelSet set;

    @BeforeAll
    static void load() {
        set = ModelSet.load(ModelSetFixture.modelSet());
    }

    @AfterAll
    static void close() {
        set.close();
    }

    /** Header and {@code rows} patients, each lacking one or two modalities (seeded). */
    private static List<String> lines(WideSchema schema, int rows) {
        Random random = new Random(11);
        List<String> header = new ArrayList<>(List.of("sample"));
        schema.modalities().forEach(m -> header.addAll(m.columns()));
        List<String> lines = new ArrayList<>(List.of(String.join("\t", header)));
        for (int r = 0; r < rows; r++) {
            int missing = random.nextInt(schema.modalities().size());
            int alsoMissing = r % 3 == 0 ? (missing + 1) % schema.modalities().size() : missing;
            List<String> cells = new ArrayList<>(List.of(String.format(Locale.ROOT, "P%03d", r)));
            for (int i = 0; i < schema.modalities().size(); i++) {
                ModalityColumns m = schema.modalities().get(i);
                for (int c = 0; c < m.columns().size(); c++) {
                    cells.add(
                            i == missing || i == alsoMissing
                                    ? ""
                                    : String.format(Locale.ROOT, "%.5f", random.nextGaussian()));
                }
            }
            lines.add(String.join("\t", cells));
        }
        return lines;
    }

    private record Outputs(byte[] table, byte[] report) {}

    private static Outputs impute(List<String> lines, ImputationMethod method, int chunk) {
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        byte[] in = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        WideTableImputation.run(
                set,
                new ByteArrayInputStream(in),
                "cohort.tsv",
                TableFormat.TSV,
                table,
                TableFormat.TSV,
                report,
                new ImputationRequest(List.of(), List.of(), method, 3, 42, 0.9, SamplerSettings.ddim(5), false),
                chunk,
                false,
                RowCheck.NONE);
        return new Outputs(table.toByteArray(), report.toByteArray());
    }

    private static java.util.Iterator<InputStream> streams(List<byte[]> parts) {
        return parts.stream()
                .map(b -> (InputStream) new ByteArrayInputStream(b))
                .iterator();
    }

    @ParameterizedTest
    @EnumSource(
            value = ImputationMethod.class,
            names = {"AUTO", "COHERENT", "MULTI"})
    void partsPutTogetherAreOneRun(ImputationMethod method) throws Exception {
        WideSchema schema = new TableImputation(set).schema();
        List<String> lines = lines(schema, 11);
        Outputs whole = impute(lines, method, 256);
        // Uneven parts, imputed with another chunk size: neither may change a number.
        List<byte[]> tables = new ArrayList<>();
        List<byte[]> reports = new ArrayList<>();
        int[] bounds = {0, 4, 5, 11};
        for (int i = 0; i + 1 < bounds.length; i++) {
            List<String> part = new ArrayList<>(List.of(lines.get(0)));
            part.addAll(lines.subList(1 + bounds[i], 1 + bounds[i + 1]));
            Outputs o = impute(part, method, 2);
            tables.add(o.table());
            reports.add(o.report());
        }
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        assertEquals(11, TableParts.concatenateTables(streams(tables), table));
        TableImputation.Summary s = TableParts.mergeReports(streams(reports), report);
        assertEquals(11, s.patients());
        assertEquals(new String(whole.table(), StandardCharsets.UTF_8), table.toString(StandardCharsets.UTF_8));
        assertEquals(new String(whole.report(), StandardCharsets.UTF_8), report.toString(StandardCharsets.UTF_8));
        assertArrayEquals(whole.report(), report.toByteArray());
    }

    @Test
    void refusesPartsOfAnotherRun() throws Exception {
        WideSchema schema = new TableImputation(set).schema();
        List<String> lines = lines(schema, 2);
        Outputs a = impute(lines, ImputationMethod.AUTO, 256);
        Outputs b = impute(lines, ImputationMethod.MULTI, 256);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> TableParts.mergeReports(streams(List.of(a.report(), b.report())), new ByteArrayOutputStream()));
        assertTrue(e.getMessage().contains("report part 1"), e.getMessage());
        byte[] otherHeader = Arrays.copyOf(a.table(), a.table().length);
        otherHeader[0] = 'S';
        e = assertThrows(
                IllegalArgumentException.class,
                () -> TableParts.concatenateTables(
                        streams(List.of(a.table(), otherHeader)), new ByteArrayOutputStream()));
        assertTrue(e.getMessage().contains("table part 1"), e.getMessage());
    }
}
