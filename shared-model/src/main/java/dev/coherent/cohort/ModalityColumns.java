package dev.coherent.cohort;

import java.util.List;

/**
 * The columns of one modality in a wide table, in feature order.
 *
 * @param modality the modality name
 * @param columns the column names, one per feature, at least one
 */
public record ModalityColumns(String modality, List<String> columns) {
    public ModalityColumns {
        if (modality == null || modality.isEmpty()) {
            throw new IllegalArgumentException("empty modality name");
        }
        columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("modality '" + modality + "' has no columns");
        }
    }

    public int dim() {
        return columns.size();
    }
}
