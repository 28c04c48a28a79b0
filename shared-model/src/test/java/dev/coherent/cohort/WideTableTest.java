package dev.coherent.cohort;

import static dev.coherent.cohort.TestFiles.assertFormatError;
import static dev.coherent.cohort.TestFiles.tsv;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WideTableTest {
    /** Modality a with two columns, b with one. */
    private static final WideSchema SCHEMA = new WideSchema(
            List.of(new ModalityColumns("a", List.of("a_0", "a_1")), new ModalityColumns("b", List.of("b_0"))));

    @TempDir
    Path dir;

    private static InputStream text(String... lines) {
        return new ByteArrayInputStream((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static List<WideRow> readAll(WideTableReader r) {
        List<WideRow> out = new ArrayList<>();
        for (List<WideRow> batch = r.next(2); !batch.isEmpty(); batch = r.next(2)) {
            out.addAll(batch);
        }
        return out;
    }

    private static List<WideRow> read(String... lines) {
        try (WideTableReader r = new WideTableReader(text(lines), "t.tsv", TableFormat.TSV, SCHEMA)) {
            return readAll(r);
        }
    }

    @Test
    void indexedSchemaPadsToAtLeastTwoDigits() {
        WideSchema s = WideSchema.indexed(Map.of("rna", 101, "cna", 32, "x", 1));
        assertEquals(
                List.of("cna", "rna", "x"),
                s.modalities().stream().map(ModalityColumns::modality).toList());
        assertEquals("cna_00", s.modalities().get(0).columns().get(0));
        assertEquals("cna_31", s.modalities().get(0).columns().get(31));
        assertEquals("rna_000", s.modalities().get(1).columns().get(0));
        assertEquals("rna_100", s.modalities().get(1).columns().get(100));
        assertEquals(List.of("x_00"), s.modalities().get(2).columns());
        assertEquals(
                List.of("m_00", "m_99"),
                List.of(
                        WideSchema.indexed(Map.of("m", 100))
                                .modalities()
                                .get(0)
                                .columns()
                                .get(0),
                        WideSchema.indexed(Map.of("m", 100))
                                .modalities()
                                .get(0)
                                .columns()
                                .get(99)));
    }

    @Test
    void columnsMatchByNameInAnyOrderAndEmptyModalityIsAbsent() {
        List<WideRow> rows = read(
                tsv("b_0", "a_1", "sample", "a_0"),
                tsv("9", "2", "P1", "1"),
                tsv("NA", "4", "P2", "3"),
                tsv("5", "", "P3", "NA"));
        assertEquals(3, rows.size());
        assertEquals(List.of("a", "b"), List.copyOf(rows.get(0).present().keySet()));
        assertArrayEquals(new float[] {1f, 2f}, rows.get(0).present().get("a"));
        assertArrayEquals(new float[] {9f}, rows.get(0).present().get("b"));
        assertEquals(List.of("a"), List.copyOf(rows.get(1).present().keySet()));
        assertEquals(List.of("b"), List.copyOf(rows.get(2).present().keySet()));
    }

    @Test
    void modalityWithNoColumnsInHeaderIsAbsentForAll() {
        try (WideTableReader r =
                new WideTableReader(text(tsv("sample", "b_0"), tsv("P1", "1")), "t.tsv", TableFormat.TSV, SCHEMA)) {
            assertFalse(r.hasColumns("a"));
            assertTrue(r.hasColumns("b"));
            List<WideRow> rows = r.next(10);
            assertEquals(Map.of("b", 1), Map.of("b", rows.get(0).present().get("b").length));
            assertTrue(r.next(10).isEmpty());
        }
    }

    @Test
    void nextReturnsAtMostMaxRows() {
        try (WideTableReader r = new WideTableReader(
                text(tsv("sample", "b_0"), tsv("P1", "1"), tsv("P2", "2"), tsv("P3", "3")),
                "t.tsv",
                TableFormat.TSV,
                SCHEMA)) {
            assertEquals(2, r.next(2).size());
            assertEquals(1, r.next(2).size());
            assertTrue(r.next(2).isEmpty());
        }
    }

    @Test
    void unknownColumnFails() {
        assertFormatError(
                () -> read(tsv("sample", "a_0", "a_1", "zzz"), tsv("P1", "1", "2", "3")),
                "t.tsv:1: ",
                "unknown column 'zzz'");
    }

    @Test
    void partlyPresentModalityColumnsFailNamingTheMissingOnes() {
        assertFormatError(
                () -> read(tsv("sample", "a_1", "b_0"), tsv("P1", "1", "2")), "t.tsv:1: ", "modality 'a'", "a_0");
        WideSchema wide = WideSchema.indexed(Map.of("m", 12));
        assertFormatError(
                () -> new WideTableReader(text(tsv("sample", "m_00")), "t.tsv", TableFormat.TSV, wide),
                "t.tsv:1: ",
                "m_01, m_02, m_03, m_04, m_05 and 6 more");
    }

    @Test
    void missingSampleColumnFails() {
        assertFormatError(() -> read(tsv("b_0"), tsv("1")), "t.tsv:1: ", "no 'sample' column");
    }

    @Test
    void emptyInputFails() {
        assertFormatError(() -> read(), "t.tsv:1: ", "empty file");
    }

    @Test
    void partlyEmptyModalityInRowNamesSampleAndModality() {
        assertFormatError(
                () -> read(tsv("sample", "a_0", "a_1"), tsv("P1", "1", "2"), tsv("P2", "1", "NA")),
                "t.tsv:3: ",
                "'P2'",
                "modality 'a'",
                "1 of 2");
    }

    @Test
    void nonNumericCellNamesLine() {
        assertFormatError(
                () -> read(tsv("sample", "b_0"), tsv("P1", "1"), tsv("P2", "one")), "t.tsv:3: ", "'b_0'", "'one'");
    }

    @Test
    void raggedRowNamesLine() {
        assertFormatError(() -> read(tsv("sample", "b_0"), tsv("P1", "1", "2")), "t.tsv:2: ", "expected 2 cells");
    }

    @Test
    void duplicateSampleFailsEvenAcrossBatches() {
        assertFormatError(
                () -> read(tsv("sample", "b_0"), tsv("P1", "1"), tsv("P2", "1"), tsv("P1", "1")),
                "t.tsv:4: ",
                "duplicate sample 'P1'");
    }

    @Test
    void writerOutputReadsBackExactly() {
        WideSchema schema = WideSchema.indexed(Map.of("cna", 3, "rna", 2));
        Random rnd = new Random(5);
        List<WideRow> rows = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Map<String, float[]> present = new LinkedHashMap<>();
            if (i % 3 != 0) {
                present.put("cna", new float[] {(float) rnd.nextGaussian(), 1e-7f * i, -i * 1e6f});
            }
            if (i % 4 != 1) {
                present.put("rna", new float[] {i, Float.MIN_VALUE});
            }
            rows.add(new WideRow(i == 7 ? "odd, \"id\"" : "S" + i, present));
        }
        for (TableFormat format : TableFormat.values()) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (WideTableWriter w = new WideTableWriter(bytes, format, schema)) {
                rows.forEach(w::write);
            }
            List<WideRow> back;
            try (WideTableReader r =
                    new WideTableReader(new ByteArrayInputStream(bytes.toByteArray()), "x", format, schema)) {
                back = readAll(r);
            }
            if (format == TableFormat.TSV) {
                assertTrue(bytes.toString(StandardCharsets.UTF_8).startsWith("sample\tcna_00\tcna_01\tcna_02\trna_00"));
            }
            assertEquals(rows.size(), back.size(), format.name());
            for (int i = 0; i < rows.size(); i++) {
                assertEquals(rows.get(i).sample(), back.get(i).sample());
                assertEquals(
                        rows.get(i).present().keySet(), back.get(i).present().keySet());
                for (String m : rows.get(i).present().keySet()) {
                    assertArrayEquals(
                            rows.get(i).present().get(m), back.get(i).present().get(m), format + " " + m);
                }
            }
        }
    }

    @Test
    void fileRoundTripChoosesFormatByExtension() {
        WideSchema schema = WideSchema.indexed(new TreeMap<>(Map.of("m", 2)));
        Path file = dir.resolve("out.csv");
        try (WideTableWriter w = WideTableWriter.create(file, schema)) {
            w.write(new WideRow("A", Map.of("m", new float[] {1.5f, -2f})));
            w.write(new WideRow("B", Map.of()));
        }
        try (WideTableReader r = WideTableReader.open(file, schema)) {
            List<WideRow> rows = r.next(10);
            assertArrayEquals(new float[] {1.5f, -2f}, rows.get(0).present().get("m"));
            assertTrue(rows.get(1).present().isEmpty());
        }
    }

    @Test
    void writerRejectsRowsTheReaderCouldNotReadBack() {
        WideTableWriter w = new WideTableWriter(new ByteArrayOutputStream(), TableFormat.TSV, SCHEMA);
        assertThrows(
                IllegalArgumentException.class,
                () -> w.write(new WideRow("A", Map.of("a", new float[] {1f, Float.NaN}))));
        assertThrows(IllegalArgumentException.class, () -> w.write(new WideRow("A", Map.of("a", new float[] {1f}))));
        assertThrows(IllegalArgumentException.class, () -> w.write(new WideRow("A", Map.of("z", new float[] {1f}))));
        assertThrows(IllegalArgumentException.class, () -> w.write(new WideRow("A\tB", Map.of())));
    }
}
