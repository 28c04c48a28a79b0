package dev.coherent.cohort;

import blue.strategic.parquet.Hydrator;
import blue.strategic.parquet.ParquetReader;
import blue.strategic.parquet.ParquetWriter;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * Parquet tables, converted to and from tab-separated text at the edges so that every reader and
 * writer of delimited tables serves them unchanged: the same columns, the same checks, the same
 * error messages. A Parquet table is flat: one column per primitive field, one row per record.
 *
 * <p>Read: the header is the field names in file order; a null (or NaN) is a missing cell;
 * numbers are written as {@link Float#toString}/{@link Double#toString} text, which the readers
 * parse back to the same float. Line numbers in error messages count the header as line 1, so
 * line N is the file's row N−1 (1-based). Written: {@value WideSchema#SAMPLE_COLUMN} and any
 * column with a non-numeric cell become UTF-8 strings, columns of whole numbers INT64, every
 * other column FLOAT; missing cells become nulls; Snappy compression.
 */
public final class ParquetTables {
    /** The extension, lower case with the dot. */
    public static final String EXTENSION = ".parquet";

    /** The media type of a Parquet file. */
    public static final String MEDIA_TYPE = "application/vnd.apache.parquet";

    /** Cells written as INT64 when a whole column is made of them (ranks, counts). */
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,18}");

    private ParquetTables() {}

    /** True when a file name ends in {@code .parquet}, case-insensitively. */
    public static boolean isParquet(String fileName) {
        return fileName.toLowerCase(Locale.ROOT).endsWith(EXTENSION);
    }

    public static boolean isParquet(Path file) {
        return isParquet(file.getFileName().toString());
    }

    /**
     * Writes the Parquet table {@code parquet} as TSV text to {@code tsv}.
     *
     * @param displayName what error messages call the Parquet file
     * @throws CohortFormatException when it is not a readable Parquet file, has a nested or repeated
     *     column, or a text cell holds a tab or line break
     */
    public static void toTsv(Path parquet, String displayName, Path tsv) {
        MessageType schema;
        try {
            schema = ParquetReader.readMetadata(parquet.toFile())
                    .getFileMetaData()
                    .getSchema();
        } catch (IOException | RuntimeException e) {
            throw new CohortFormatException(displayName + ": not a readable Parquet file (" + e.getMessage() + ")", e);
        }
        String[] names = new String[schema.getFieldCount()];
        Map<String, Integer> index = new HashMap<>();
        for (int j = 0; j < names.length; j++) {
            Type field = schema.getType(j);
            if (!field.isPrimitive() || field.isRepetition(Type.Repetition.REPEATED)) {
                throw new CohortFormatException(displayName + ": column '" + field.getName()
                        + "' is nested or repeated; a table has one value per cell");
            }
            names[j] = text(field.getName(), displayName, 1, field.getName());
            index.put(field.getName(), j);
        }
        try (Stream<String[]> rows = ParquetReader.streamContent(parquet.toFile(), new Cells(names.length, index));
                BufferedWriter out = Files.newBufferedWriter(tsv, StandardCharsets.UTF_8)) {
            out.write(String.join("\t", names));
            out.write('\n');
            // Iterated, not forEach: parquet-floor wraps whatever its consumer throws.
            Iterator<String[]> it = rows.iterator();
            for (int line = 2; it.hasNext(); line++) {
                String[] cells = it.next();
                for (int j = 0; j < cells.length; j++) {
                    text(cells[j], displayName, line, names[j]);
                }
                out.write(String.join("\t", cells));
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot convert " + displayName + " to text", e);
        } catch (CohortFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            // parquet-java reports a damaged page or footer as one of several runtime exceptions.
            throw new CohortFormatException(displayName + ": not a readable Parquet file (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Writes a TSV table (a header, then rows of as many cells, as {@link WideTableWriter} and
     * {@link dev.coherent.prioritization.RankingTable} write them) as Parquet.
     */
    public static void fromTsv(Path tsv, Path parquet) {
        String[] header;
        boolean[] numeric;
        boolean[] integral;
        try (BufferedReader in = Files.newBufferedReader(tsv, StandardCharsets.UTF_8)) {
            String first = in.readLine();
            if (first == null) {
                throw new IllegalArgumentException(tsv.getFileName() + " is empty: a table has a header");
            }
            header = first.split("\t", -1);
            numeric = new boolean[header.length];
            integral = new boolean[header.length];
            for (int j = 0; j < header.length; j++) {
                numeric[j] = !header[j].equals(WideSchema.SAMPLE_COLUMN);
                integral[j] = numeric[j];
            }
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] cells = line.split("\t", -1);
                for (int j = 0; j < cells.length; j++) {
                    boolean missing = TableReader.missing(cells[j]);
                    numeric[j] &= missing || isNumber(cells[j]);
                    integral[j] &= missing || INTEGER.matcher(cells[j]).matches();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + tsv.getFileName(), e);
        }
        Types.MessageTypeBuilder builder = Types.buildMessage();
        for (int j = 0; j < header.length; j++) {
            if (integral[j]) {
                builder.optional(PrimitiveTypeName.INT64).named(header[j]);
            } else if (numeric[j]) {
                builder.optional(PrimitiveTypeName.FLOAT).named(header[j]);
            } else {
                builder.optional(PrimitiveTypeName.BINARY)
                        .as(LogicalTypeAnnotation.stringType())
                        .named(header[j]);
            }
        }
        MessageType schema = builder.named("table");
        try {
            Files.deleteIfExists(parquet);
            try (BufferedReader in = Files.newBufferedReader(tsv, StandardCharsets.UTF_8);
                    ParquetWriter<String[]> out = ParquetWriter.writeFile(schema, parquet.toFile(), (cells, w) -> {
                        for (int j = 0; j < cells.length; j++) {
                            if (!TableReader.missing(cells[j])) {
                                w.write(header[j], value(cells[j], integral[j], numeric[j]));
                            }
                        }
                    })) {
                in.readLine();
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    out.write(line.split("\t", -1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + parquet.getFileName(), e);
        }
    }

    /**
     * Temporary files of a conversion (TSV copies of Parquet inputs, TSV results to convert),
     * deleted on close. Not thread-safe.
     */
    public static final class Scratch implements AutoCloseable {
        private final List<Path> files = new ArrayList<>();

        /** A new empty temporary file with this suffix, deleted on close. */
        public Path file(String suffix) {
            try {
                Path f = Files.createTempFile("coherent-table-", suffix);
                files.add(f);
                return f;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a temporary file", e);
            }
        }

        /** A TSV copy of the Parquet table {@code parquet}, deleted on close. */
        public Path text(Path parquet, String displayName) {
            Path tsv = file(".tsv");
            toTsv(parquet, displayName, tsv);
            return tsv;
        }

        /** A TSV copy of the Parquet table read from {@code parquet}, deleted on close. */
        public Path text(InputStream parquet, String displayName) {
            Path copy = file(EXTENSION);
            try {
                Files.copy(parquet, copy, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + displayName, e);
            }
            return text(copy, displayName);
        }

        @Override
        public void close() {
            for (Path f : files) {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException e) {
                    // A temporary file left behind is not worth failing the caller for.
                }
            }
            files.clear();
        }
    }

    private static Object value(String cell, boolean integral, boolean numeric) {
        if (integral) {
            return Long.parseLong(cell);
        }
        return numeric ? (Object) Float.parseFloat(cell) : cell;
    }

    private static boolean isNumber(String cell) {
        try {
            Float.parseFloat(cell);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** {@code cell} checked for what TSV cannot hold. */
    private static String text(String cell, String displayName, int line, String column) {
        if (cell.indexOf('\t') >= 0 || cell.indexOf('\n') >= 0 || cell.indexOf('\r') >= 0) {
            throw CohortFormatException.at(
                    displayName, line, "column " + TableReader.quote(column) + ": text holds a tab or line break");
        }
        return cell;
    }

    /** One record as TSV cells, by field position; nulls and NaN are {@code NA}. */
    private record Cells(int width, Map<String, Integer> index) implements Hydrator<String[], String[], String[]> {
        @Override
        public String[] start() {
            String[] cells = new String[width];
            Arrays.fill(cells, "NA");
            return cells;
        }

        @Override
        public String[] add(String[] cells, String[] heading, Object value) {
            cells[index.get(heading[0])] = cell(value);
            return cells;
        }

        @Override
        public String[] finish(String[] cells) {
            return cells;
        }

        private static String cell(Object value) {
            if (value == null) {
                return "NA";
            }
            if (value instanceof Float f) {
                return f.isNaN() ? "NA" : Float.toString(f);
            }
            if (value instanceof Double d) {
                return d.isNaN() ? "NA" : Double.toString(d);
            }
            return value.toString();
        }
    }
}
