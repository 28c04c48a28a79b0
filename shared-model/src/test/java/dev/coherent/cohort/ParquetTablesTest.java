package dev.coherent.cohort;

import static dev.coherent.cohort.TestFiles.EXAMPLES;
import static dev.coherent.cohort.TestFiles.assertFormatError;
import static dev.coherent.cohort.TestFiles.tsv;
import static dev.coherent.cohort.TestFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import blue.strategic.parquet.ParquetReader;
import blue.strategic.parquet.ParquetWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetTablesTest {
    @TempDir
    Path dir;

    private static final WideSchema SCHEMA = WideSchema.indexed(Map.of("a", 2, "b", 1));

    private static List<WideRow> readAll(WideTableReader r) {
        List<WideRow> out = new ArrayList<>();
        List<WideRow> batch;
        while (!(batch = r.next(2)).isEmpty()) {
            out.addAll(batch);
        }
        return out;
    }

    @Test
    void aWideTableSurvivesParquetBothWays() throws IOException {
        Path text = dir.resolve("t.tsv");
        try (WideTableWriter w = WideTableWriter.create(text, SCHEMA)) {
            w.write(new WideRow("P1", Map.of("a", new float[] {1.5f, -0.1f}, "b", new float[] {3e-7f})));
            w.write(new WideRow("P 2,x", Map.of("b", new float[] {Float.MIN_VALUE})));
        }
        Path parquet = dir.resolve("t.parquet");
        ParquetTables.fromTsv(text, parquet);

        MessageType schema =
                ParquetReader.readMetadata(parquet.toFile()).getFileMetaData().getSchema();
        assertEquals(List.of("sample", "a_00", "a_01", "b_00"), names(schema));
        assertEquals(
                LogicalTypeAnnotation.stringType(), schema.getType("sample").getLogicalTypeAnnotation());
        assertEquals(
                PrimitiveTypeName.FLOAT,
                schema.getType("a_00").asPrimitiveType().getPrimitiveTypeName());

        Path back = dir.resolve("back.tsv");
        ParquetTables.toTsv(parquet, "t.parquet", back);
        List<WideRow> before;
        List<WideRow> after;
        try (WideTableReader r = WideTableReader.open(text, SCHEMA)) {
            before = readAll(r);
        }
        try (WideTableReader r = WideTableReader.open(back, SCHEMA)) {
            after = readAll(r);
        }
        assertEquals(2, after.size());
        for (int i = 0; i < before.size(); i++) {
            assertEquals(before.get(i).sample(), after.get(i).sample());
            assertEquals(
                    before.get(i).present().keySet(), after.get(i).present().keySet());
            for (String m : before.get(i).present().keySet()) {
                assertArrayEquals(
                        before.get(i).present().get(m), after.get(i).present().get(m), "bit for bit");
            }
        }
    }

    @Test
    void foreignTypesNullsAndNaNBecomeCellsTheReadersKnow() throws IOException {
        MessageType schema = Types.buildMessage()
                .required(PrimitiveTypeName.BINARY)
                .as(LogicalTypeAnnotation.stringType())
                .named("sample")
                .optional(PrimitiveTypeName.DOUBLE)
                .named("g1")
                .optional(PrimitiveTypeName.INT32)
                .named("g2")
                .named("pandas");
        Path parquet = dir.resolve("rna.parquet");
        try (ParquetWriter<Object[]> w = ParquetWriter.writeFile(schema, parquet.toFile(), (row, out) -> {
            out.write("sample", row[0]);
            if (row[1] != null) {
                out.write("g1", row[1]);
            }
            if (row[2] != null) {
                out.write("g2", row[2]);
            }
        })) {
            w.write(new Object[] {"P1", 0.1, 7});
            w.write(new Object[] {"P2", null, null});
            w.write(new Object[] {"P3", Double.NaN, -2});
        }
        Path text = dir.resolve("rna.tsv");
        ParquetTables.toTsv(parquet, "rna.parquet", text);
        assertEquals(
                List.of(tsv("sample", "g1", "g2"), tsv("P1", "0.1", "7"), tsv("P2", "NA", "NA"), tsv("P3", "NA", "-2")),
                Files.readAllLines(text));
    }

    @Test
    void aCohortOfParquetTablesReadsAsItsTextTwin() throws IOException {
        Path source = EXAMPLES.resolve("synthetic-pancancer-small");
        Path twin = Files.createDirectories(dir.resolve("synthetic-pancancer-small"));
        try (Stream<Path> files = Files.list(source)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".tsv")).toList()) {
                String base = f.getFileName().toString().replace(".tsv", "");
                ParquetTables.fromTsv(f, twin.resolve(base + ".parquet"));
            }
        }
        Cohort text = CohortReader.read(source);
        Cohort parquet = CohortReader.read(twin);
        assertEquals(text.size(), parquet.size());
        assertEquals(text.modalityNames(), parquet.modalityNames());
        for (int i = 0; i < text.size(); i++) {
            assertEquals(text.sample(i), parquet.sample(i));
            for (String m : text.modalityNames()) {
                assertArrayEquals(text.modality(m).row(i), parquet.modality(m).row(i));
            }
        }
    }

    @Test
    void scratchFilesAreGoneOnClose() throws IOException {
        Path text = write(dir, "t.tsv", tsv("sample", "b_00"), tsv("P1", "1"));
        Path parquet = dir.resolve("t.parquet");
        ParquetTables.fromTsv(text, parquet);
        List<Path> made = new ArrayList<>();
        try (ParquetTables.Scratch scratch = new ParquetTables.Scratch()) {
            made.add(scratch.text(parquet, "t.parquet"));
            try (var in = Files.newInputStream(parquet)) {
                made.add(scratch.text(in, "t.parquet"));
            }
            assertEquals(List.of(tsv("sample", "b_00"), tsv("P1", "1")), Files.readAllLines(made.get(1)));
        }
        for (Path p : made) {
            assertFalse(Files.exists(p), p + " deleted");
        }
    }

    @Test
    void badParquetIsAFormatErrorNamingTheFile() throws IOException {
        Path junk = dir.resolve("junk.parquet");
        Files.writeString(junk, "sample\tg1\nP1\t1\n");
        assertFormatError(
                () -> ParquetTables.toTsv(junk, "junk.parquet", dir.resolve("x.tsv")),
                "junk.parquet: not a readable Parquet file");

        MessageType nested = Types.buildMessage()
                .required(PrimitiveTypeName.BINARY)
                .as(LogicalTypeAnnotation.stringType())
                .named("sample")
                .repeated(PrimitiveTypeName.FLOAT)
                .named("values")
                .named("nested");
        Path repeated = dir.resolve("repeated.parquet");
        try (ParquetWriter<String> w =
                ParquetWriter.writeFile(nested, repeated.toFile(), (row, out) -> out.write("sample", row))) {
            w.write("P1");
        }
        assertFormatError(
                () -> ParquetTables.toTsv(repeated, "repeated.parquet", dir.resolve("y.tsv")),
                "repeated.parquet: column 'values' is nested or repeated");
    }

    @Test
    void aTabInsideATextCellIsRefusedWithItsLine() throws IOException {
        MessageType schema = Types.buildMessage()
                .required(PrimitiveTypeName.BINARY)
                .as(LogicalTypeAnnotation.stringType())
                .named("sample")
                .named("ids");
        Path parquet = dir.resolve("ids.parquet");
        try (ParquetWriter<String> w =
                ParquetWriter.writeFile(schema, parquet.toFile(), (row, out) -> out.write("sample", row))) {
            w.write("P1");
            w.write("P\t2");
        }
        assertFormatError(
                () -> ParquetTables.toTsv(parquet, "ids.parquet", dir.resolve("ids.tsv")),
                "ids.parquet:3: column 'sample': text holds a tab or line break");
    }

    @Test
    void wholeNumberColumnsStayIntegers() throws IOException {
        Path text = write(dir, "ranking.tsv", tsv("sample", "modality", "rank", "score"), tsv("P1", "rna", "1", "0.5"));
        Path parquet = dir.resolve("ranking.parquet");
        ParquetTables.fromTsv(text, parquet);
        MessageType schema =
                ParquetReader.readMetadata(parquet.toFile()).getFileMetaData().getSchema();
        assertEquals(
                PrimitiveTypeName.BINARY,
                schema.getType("modality").asPrimitiveType().getPrimitiveTypeName());
        assertEquals(
                PrimitiveTypeName.INT64,
                schema.getType("rank").asPrimitiveType().getPrimitiveTypeName());
        Path back = dir.resolve("back.tsv");
        ParquetTables.toTsv(parquet, "ranking.parquet", back);
        assertEquals(Files.readAllLines(text), Files.readAllLines(back));
        assertTrue(ParquetTables.isParquet("X.PARQUET"));
    }

    private static List<String> names(MessageType schema) {
        return schema.getFields().stream().map(Type::getName).toList();
    }
}
