package dev.coherent.cohort;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Streams a raw wide table in batches: one row per patient, {@value WideSchema#SAMPLE_COLUMN},
 * then {@code <modality>:<feature>} columns with raw values named by feature.
 *
 * <p>Unlike {@link WideTableReader}, the columns are not known in advance: the header says which
 * modalities and features the file holds, and whoever imputes checks the names. In a row, a
 * modality whose cells are all missing (empty, {@code NA}, {@code NaN}, {@code nan}) is absent for
 * that patient; single missing cells inside a present modality stay {@code NaN} (real data has
 * them; the imputation fills them). Memory stays bounded by the batch size plus the sample ids seen.
 */
public final class RawWideTableReader implements AutoCloseable {
    /** Separates the modality from the feature in a column name. */
    public static final char SEPARATOR = ':';

    private final TableReader table;
    private final Map<String, List<String>> features = new LinkedHashMap<>();
    private final Map<String, int[]> positions = new LinkedHashMap<>();
    private final WideRows rows;

    /**
     * Opens a stream and reads its header.
     *
     * @throws CohortFormatException when there is no sample column or a column is not
     *     {@code <modality>:<feature>}
     */
    public RawWideTableReader(InputStream in, String displayName, TableFormat format) {
        this.table = new TableReader(in, displayName, format);
        try {
            String[] header = table.header();
            int s = -1;
            Map<String, List<Integer>> byModality = new LinkedHashMap<>();
            for (int j = 0; j < header.length; j++) {
                if (header[j].equals(WideSchema.SAMPLE_COLUMN)) {
                    s = j;
                    continue;
                }
                int cut = header[j].indexOf(SEPARATOR);
                if (cut <= 0 || cut == header[j].length() - 1) {
                    throw table.error(
                            "column " + TableReader.quote(header[j]) + " is not <modality>" + SEPARATOR + "<feature>");
                }
                String modality = header[j].substring(0, cut);
                features.computeIfAbsent(modality, k -> new ArrayList<>()).add(header[j].substring(cut + 1));
                byModality.computeIfAbsent(modality, k -> new ArrayList<>()).add(j);
            }
            if (s < 0) {
                throw table.error("no '" + WideSchema.SAMPLE_COLUMN + "' column in the header");
            }
            byModality.forEach((m, cols) ->
                    positions.put(m, cols.stream().mapToInt(Integer::intValue).toArray()));
            rows = new WideRows(table, s, this::present);
        } catch (RuntimeException e) {
            table.close();
            throw e;
        }
    }

    /** Opens a file, its format chosen by extension. */
    public static RawWideTableReader open(Path file) {
        InputStream in;
        try {
            in = Files.newInputStream(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file.getFileName(), e);
        }
        return new RawWideTableReader(in, file.getFileName().toString(), TableFormat.of(file));
    }

    /**
     * True when a table file's header has a {@code <modality>:<feature>} column (a raw table) rather
     * than only {@code <modality>_<k>} columns (a latent one).
     */
    public static boolean isRaw(Path file) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            do {
                line = r.readLine();
            } while (line != null && line.isEmpty());
            return line != null && isRawHeader(line, TableFormat.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.getFileName(), e);
        }
    }

    /** True when a header line has a {@code <modality>:<feature>} column (see {@link #isRaw(Path)}). */
    public static boolean isRawHeader(String headerLine, TableFormat format) {
        for (String cell : headerLine.split(format == TableFormat.CSV ? "," : "\t")) {
            if (cell.indexOf(SEPARATOR) > 0) {
                return true;
            }
        }
        return false;
    }

    /** The modalities with columns, in header order. */
    public List<String> modalities() {
        return List.copyOf(features.keySet());
    }

    /** The feature names of a modality's columns, in header order (empty when it has none). */
    public List<String> features(String modality) {
        return Collections.unmodifiableList(features.getOrDefault(modality, List.of()));
    }

    /**
     * Reads up to {@code maxRows} more rows; an empty list means the table is done. Each row's
     * values per modality follow {@link #features(String)}.
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
        for (Map.Entry<String, int[]> e : positions.entrySet()) {
            int[] pos = e.getValue();
            List<String> names = features.get(e.getKey());
            float[] values = new float[pos.length];
            boolean any = false;
            for (int k = 0; k < pos.length; k++) {
                values[k] = table.value(row[pos[k]], e.getKey() + SEPARATOR + names.get(k));
                any |= !Float.isNaN(values[k]);
            }
            if (any) {
                present.put(e.getKey(), values);
            }
        }
        return present;
    }
}
