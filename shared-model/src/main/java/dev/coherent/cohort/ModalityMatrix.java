package dev.coherent.cohort;

import java.util.List;

/**
 * The values of one modality for every patient of a cohort.
 *
 * <p>Row {@code i} belongs to the cohort's sample {@code i}; a {@code null} row means the patient
 * does not have this modality. Inside a present row a missing cell is {@code NaN}. Rows are shared,
 * not copied: treat them as read-only.
 */
public final class ModalityMatrix {
    private final String name;
    private final List<String> features;
    private final float[][] rows;

    public ModalityMatrix(String name, List<String> features, float[][] rows) {
        this.name = name;
        this.features = List.copyOf(features);
        this.rows = rows;
        for (float[] row : rows) {
            if (row != null && row.length != features.size()) {
                throw new IllegalArgumentException(
                        "modality " + name + ": row of length " + row.length + ", expected " + features.size());
            }
        }
    }

    public String name() {
        return name;
    }

    public List<String> features() {
        return features;
    }

    public int dim() {
        return features.size();
    }

    public int size() {
        return rows.length;
    }

    public boolean present(int sample) {
        return rows[sample] != null;
    }

    /** The row of a sample, or {@code null} when absent. */
    public float[] row(int sample) {
        return rows[sample];
    }

    public int presentCount() {
        int n = 0;
        for (float[] row : rows) {
            if (row != null) {
                n++;
            }
        }
        return n;
    }
}
