package dev.coherent.cohort;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Streams a wide table (one row per patient: {@code sample}, then modality columns) in batches.
 *
 * <p>Header columns are matched to the schema by name, in any order. A modality none of whose
 * columns is in the header is absent for every patient; a modality with only some of them is an
 * error. In a row, a modality whose cells are all missing (empty, {@code NA}, {@code NaN},
 * {@code nan}) is absent for that patient; one with only some missing cells is an error. Memory
 * stays bounded by the batch size plus the set of sample ids seen, kept to reject duplicates.
 */
public final class WideTableReader implements AutoCloseable {
    /** How many missing column names an error lists before it only counts. */
    private static final int LIST_LIMIT = 5;

    private final TableReader table;
    private final WideSchema schema;
    /** Per schema modality, the header position of each column; {@code null} when absent. */
    private final int[][] positions;

    private final WideRows rows;

    /**
     * Opens a stream and reads its header.
     *
     * @param displayName what error messages call the stream, e.g. its file name
     * @throws CohortFormatException when the header is missing or does not fit the schema
     */
    public WideTableReader(InputStream in, String displayName, TableFormat format, WideSchema schema) {
        this.table = new TableReader(in, displayName, format);
        this.schema = schema;
        try {
            String[] header = table.header();
            Map<String, Integer> byName = new HashMap<>();
            for (int j = 0; j < header.length; j++) {
                byName.put(header[j], j);
            }
            Integer s = byName.remove(WideSchema.SAMPLE_COLUMN);
            if (s == null) {
                throw table.error("no '" + WideSchema.SAMPLE_COLUMN + "' column in the header");
            }
            positions = new int[schema.modalities().size()][];
            for (int m = 0; m < positions.length; m++) {
                positions[m] = locate(schema.modalities().get(m), byName);
            }
            if (!byName.isEmpty()) {
                String unknown =
                        header[byName.values().stream().min(Integer::compare).orElseThrow()];
                throw table.error("unknown column " + TableReader.quote(unknown)
                        + (byName.size() > 1 ? " (and " + (byName.size() - 1) + " more)" : ""));
            }
            rows = new WideRows(table, s, this::present);
        } catch (RuntimeException e) {
            table.close();
            throw e;
        }
    }

    /** Opens a file, its format chosen by extension. */
    public static WideTableReader open(Path file, WideSchema schema) {
        TableFormat format = TableFormat.of(file);
        InputStream in;
        try {
            in = Files.newInputStream(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file.getFileName(), e);
        }
        return new WideTableReader(in, file.getFileName().toString(), format, schema);
    }

    public WideSchema schema() {
        return schema;
    }

    /** Whether the header has the modality's columns; when not, every patient lacks it. */
    public boolean hasColumns(String modality) {
        for (int m = 0; m < positions.length; m++) {
            if (schema.modalities().get(m).modality().equals(modality)) {
                return positions[m] != null;
            }
        }
        return false;
    }

    /**
     * Reads up to {@code maxRows} more rows; an empty list means the table is done.
     *
     * @throws CohortFormatException on a malformed row, naming the line
     */
    public List<WideRow> next(int maxRows) {
        return rows.next(maxRows);
    }

    @Override
    public void close() {
        rows.close();
    }

    private Map<String, float[]> present(String sample, String[] row) {
        Map<String, float[]> present = new LinkedHashMap<>();
        for (int m = 0; m < positions.length; m++) {
            int[] pos = positions[m];
            if (pos == null) {
                continue;
            }
            ModalityColumns mc = schema.modalities().get(m);
            float[] values = new float[pos.length];
            int missing = 0;
            for (int k = 0; k < pos.length; k++) {
                values[k] = table.value(row[pos[k]], mc.columns().get(k));
                if (Float.isNaN(values[k])) {
                    missing++;
                }
            }
            if (missing == pos.length) {
                continue;
            }
            if (missing > 0) {
                throw table.error("sample " + TableReader.quote(sample) + ": modality '" + mc.modality() + "' has "
                        + missing + " of " + pos.length + " cells empty (all or none may be)");
            }
            present.put(mc.modality(), values);
        }
        return present;
    }

    /** Header positions of a modality's columns, removing them from {@code byName}. */
    private int[] locate(ModalityColumns mc, Map<String, Integer> byName) {
        int[] pos = new int[mc.dim()];
        List<String> absent = new ArrayList<>();
        for (int k = 0; k < pos.length; k++) {
            Integer j = byName.remove(mc.columns().get(k));
            if (j == null) {
                absent.add(mc.columns().get(k));
            } else {
                pos[k] = j;
            }
        }
        if (absent.size() == pos.length) {
            return null;
        }
        if (!absent.isEmpty()) {
            String listed = String.join(", ", absent.subList(0, Math.min(LIST_LIMIT, absent.size())));
            String more = absent.size() > LIST_LIMIT ? " and " + (absent.size() - LIST_LIMIT) + " more" : "";
            throw table.error("modality '" + mc.modality() + "' lacks columns " + listed + more);
        }
        return pos;
    }
}
