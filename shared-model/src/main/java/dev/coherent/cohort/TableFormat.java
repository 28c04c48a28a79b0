package dev.coherent.cohort;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/** The delimited text formats cohort and wide tables are read from and written to. */
public enum TableFormat {
    /** Tab-separated; no quoting. */
    TSV('\t'),
    /** Comma-separated; cells may be double-quoted (RFC 4180, one physical line per row). */
    CSV(',');

    private final char delimiter;

    TableFormat(char delimiter) {
        this.delimiter = delimiter;
    }

    public char delimiter() {
        return delimiter;
    }

    /**
     * The cells of one line. Split by hand rather than by regular expression because files reach
     * hundreds of thousands of cells.
     *
     * @throws IllegalArgumentException for a CSV quoted cell left open or followed by text
     */
    public String[] split(String line) {
        if (this == CSV && line.indexOf('"') >= 0) {
            return splitQuoted(line);
        }
        int n = 1;
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == delimiter) {
                n++;
            }
        }
        String[] out = new String[n];
        int start = 0;
        for (int k = 0; k < n - 1; k++) {
            int end = line.indexOf(delimiter, start);
            out[k] = line.substring(start, end);
            start = end + 1;
        }
        out[n - 1] = line.substring(start);
        return out;
    }

    private static String[] splitQuoted(String s) {
        String[] out = new String[8];
        int n = 0;
        int i = 0;
        StringBuilder cell = new StringBuilder();
        while (true) {
            cell.setLength(0);
            if (i < s.length() && s.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= s.length()) {
                        throw new IllegalArgumentException("unterminated quoted cell");
                    }
                    char c = s.charAt(i++);
                    if (c != '"') {
                        cell.append(c);
                    } else if (i < s.length() && s.charAt(i) == '"') {
                        cell.append('"');
                        i++;
                    } else {
                        break;
                    }
                }
                if (i < s.length() && s.charAt(i) != ',') {
                    throw new IllegalArgumentException("text after a closing quote");
                }
            } else {
                int end = s.indexOf(',', i);
                cell.append(s, i, end < 0 ? s.length() : end);
                i = end < 0 ? s.length() : end;
            }
            if (n == out.length) {
                out = Arrays.copyOf(out, n * 2);
            }
            out[n++] = cell.toString();
            if (i >= s.length()) {
                return Arrays.copyOf(out, n);
            }
            i++; // skip the comma
        }
    }

    /** True when a file name ends in {@code .tsv}, {@code .txt} or {@code .csv}, case-insensitively. */
    public static boolean isTable(String fileName) {
        String n = fileName.toLowerCase(Locale.ROOT);
        return n.endsWith(".tsv") || n.endsWith(".txt") || n.endsWith(".csv");
    }

    /** The format of a file by its extension: {@code .tsv} and {@code .txt} are TSV, {@code .csv} is CSV. */
    public static TableFormat of(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".tsv") || n.endsWith(".txt")) {
            return TSV;
        }
        if (n.endsWith(".csv")) {
            return CSV;
        }
        throw new IllegalArgumentException(
                "cannot tell the format of " + file.getFileName() + ": expected a .tsv, .txt or .csv extension");
    }
}
