package dev.coherent.cohort;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a delimited table row by row, checking the width of every row against the header.
 *
 * <p>Blank lines are skipped; line numbers are physical 1-based lines, so errors point at the line
 * an editor shows; cells are split by {@link TableFormat#split}.
 */
final class TableReader implements Closeable {
    /** Longest cell text quoted in an error message. */
    private static final int QUOTE_LIMIT = 40;

    private final BufferedReader in;
    private final String file;
    private final TableFormat format;
    /** The text copy of a Parquet file, deleted on close. */
    private final ParquetTables.Scratch scratch;

    private int line;
    private int width = -1;

    TableReader(InputStream in, String file, TableFormat format) {
        this(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16), file, format);
    }

    TableReader(BufferedReader in, String file, TableFormat format) {
        this(in, file, format, new ParquetTables.Scratch());
    }

    private TableReader(BufferedReader in, String file, TableFormat format, ParquetTables.Scratch scratch) {
        this.in = in;
        this.file = file;
        this.format = format;
        this.scratch = scratch;
    }

    /**
     * Opens a file, its format chosen by extension ({@code .parquet} is read through a TSV copy, see
     * {@link ParquetTables}); {@code displayName} is what errors call it.
     */
    static TableReader open(Path path, String displayName) {
        ParquetTables.Scratch scratch = new ParquetTables.Scratch();
        try {
            boolean parquet = ParquetTables.isParquet(path);
            return new TableReader(
                    Files.newBufferedReader(parquet ? scratch.text(path, displayName) : path, StandardCharsets.UTF_8),
                    displayName,
                    parquet ? TableFormat.TSV : TableFormat.of(path),
                    scratch);
        } catch (IOException e) {
            scratch.close();
            throw new UncheckedIOException("cannot open " + displayName, e);
        } catch (RuntimeException e) {
            scratch.close();
            throw e;
        }
    }

    String file() {
        return file;
    }

    /** The physical line of the row last returned. */
    int line() {
        return line;
    }

    /**
     * Reads the header row: names are trimmed and must be unique and non-empty; every later row
     * must have as many cells.
     */
    String[] header() {
        String[] names = nextRaw();
        if (names == null) {
            throw CohortFormatException.at(file, Math.max(line, 1), "empty file (no header)");
        }
        if (!names[0].isEmpty() && names[0].charAt(0) == '\uFEFF') {
            // Spreadsheet exports often start with a byte order mark.
            names[0] = names[0].substring(1);
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int j = 0; j < names.length; j++) {
            names[j] = names[j].strip();
            if (names[j].isEmpty()) {
                throw error("empty column name (column " + (j + 1) + ")");
            }
            Integer before = seen.put(names[j], j);
            if (before != null) {
                throw error(
                        "duplicate column " + quote(names[j]) + " (columns " + (before + 1) + " and " + (j + 1) + ")");
            }
        }
        width = names.length;
        return names;
    }

    /** The next data row, or {@code null} at the end of the file. */
    String[] next() {
        String[] cells = nextRaw();
        if (cells != null && width >= 0 && cells.length != width) {
            throw error("expected " + width + " cells, found " + cells.length);
        }
        return cells;
    }

    /** An error at the line of the row last returned. */
    CohortFormatException error(String problem) {
        return CohortFormatException.at(file, line, problem);
    }

    /** True for the cell texts that mean "missing": empty, {@code NA}, {@code NaN}, {@code nan}. */
    static boolean missing(String cell) {
        return cell.isEmpty() || cell.equals("NA") || cell.equals("NaN") || cell.equals("nan");
    }

    /**
     * Parses a numeric cell of the row last returned; a missing cell gives {@code NaN}.
     *
     * @param column the column name, for the error message
     */
    float value(String cell, String column) {
        String c = cell;
        if (!c.isEmpty() && (Character.isWhitespace(c.charAt(0)) || Character.isWhitespace(c.charAt(c.length() - 1)))) {
            c = c.strip();
        }
        if (missing(c)) {
            return Float.NaN;
        }
        // Float.parseFloat also takes "Infinity", "1f" and "2d"; none of those is a data value.
        char last = c.charAt(c.length() - 1);
        if ((last >= '0' && last <= '9') || last == '.') {
            try {
                float v = Float.parseFloat(c);
                if (Float.isFinite(v)) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // Reported below with the line and column.
            }
        }
        throw error("column " + quote(column) + ": not a finite number: " + quote(cell));
    }

    /** Quotes cell text for a message, cut to 40 characters. */
    static String quote(String text) {
        String t = text.length() > QUOTE_LIMIT ? text.substring(0, QUOTE_LIMIT) + "..." : text;
        return "'" + t + "'";
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file, e);
        } finally {
            scratch.close();
        }
    }

    private String[] nextRaw() {
        try {
            String s;
            do {
                s = in.readLine();
                if (s == null) {
                    return null;
                }
                line++;
            } while (s.isEmpty());
            return split(s);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " after line " + line, e);
        }
    }

    private String[] split(String s) {
        try {
            return format.split(s);
        } catch (IllegalArgumentException e) {
            throw CohortFormatException.at(file, line, e.getMessage());
        }
    }
}
