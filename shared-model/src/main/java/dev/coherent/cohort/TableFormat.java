package dev.coherent.cohort;

import java.nio.file.Path;
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
