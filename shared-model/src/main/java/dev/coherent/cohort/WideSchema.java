package dev.coherent.cohort;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The columns of a wide table: {@value #SAMPLE_COLUMN}, then each modality's columns.
 *
 * @param modalities the modalities in table order; names and column names are unique
 */
public record WideSchema(List<ModalityColumns> modalities) {
    /** The name of the sample id column. */
    public static final String SAMPLE_COLUMN = "sample";

    public WideSchema {
        modalities = List.copyOf(modalities);
        Set<String> names = new HashSet<>();
        Set<String> columns = new HashSet<>();
        columns.add(SAMPLE_COLUMN);
        for (ModalityColumns m : modalities) {
            if (!names.add(m.modality())) {
                throw new IllegalArgumentException("modality '" + m.modality() + "' appears twice");
            }
            for (String c : m.columns()) {
                if (!columns.add(c)) {
                    throw new IllegalArgumentException("column '" + c + "' appears twice");
                }
            }
        }
    }

    /**
     * Columns {@code <modality>_<k>} for each modality, in name order; k is zero-padded to the width
     * of {@code dim - 1}, at least two digits ({@code cna_00 .. cna_31}).
     */
    public static WideSchema indexed(Map<String, Integer> dims) {
        List<ModalityColumns> out = new ArrayList<>();
        for (Map.Entry<String, Integer> e : new TreeMap<>(dims).entrySet()) {
            int dim = e.getValue();
            if (dim < 1) {
                throw new IllegalArgumentException("modality '" + e.getKey() + "' has dimension " + dim);
            }
            int width = Math.max(2, String.valueOf(dim - 1).length());
            List<String> columns = new ArrayList<>(dim);
            for (int k = 0; k < dim; k++) {
                columns.add(e.getKey() + "_" + String.format("%0" + width + "d", k));
            }
            out.add(new ModalityColumns(e.getKey(), columns));
        }
        return new WideSchema(out);
    }

    /** The columns of a modality, or {@code null} when the schema has none of that name. */
    public ModalityColumns modality(String name) {
        for (ModalityColumns m : modalities) {
            if (m.modality().equals(name)) {
                return m;
            }
        }
        return null;
    }
}
