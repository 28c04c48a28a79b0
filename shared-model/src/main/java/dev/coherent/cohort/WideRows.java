package dev.coherent.cohort;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The row loop of the wide-table readers ({@link WideTableReader}, {@link RawWideTableReader}):
 * batches of rows, each with a non-empty sample id seen only once; what a row's modality cells
 * mean is the reader's.
 */
final class WideRows implements AutoCloseable {

    /** Turns one row's cells into its present modalities; errors go through {@link TableReader#error}. */
    @FunctionalInterface
    interface Cells {
        Map<String, float[]> present(String sample, String[] row);
    }

    private final TableReader table;
    private final int sampleIndex;
    private final Cells cells;
    private final Set<String> seen = new HashSet<>();

    WideRows(TableReader table, int sampleIndex, Cells cells) {
        this.table = table;
        this.sampleIndex = sampleIndex;
        this.cells = cells;
    }

    /** Up to {@code maxRows} more rows; an empty list means the table is done. */
    List<WideRow> next(int maxRows) {
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be positive, got " + maxRows);
        }
        List<WideRow> out = new ArrayList<>(Math.min(maxRows, 4096));
        String[] row;
        while (out.size() < maxRows && (row = table.next()) != null) {
            String sample = row[sampleIndex].strip();
            if (sample.isEmpty()) {
                throw table.error("empty sample id");
            }
            if (!seen.add(sample)) {
                throw table.error("duplicate sample " + TableReader.quote(sample));
            }
            out.add(new WideRow(sample, cells.present(sample, row)));
        }
        return out;
    }

    @Override
    public void close() {
        table.close();
    }
}
