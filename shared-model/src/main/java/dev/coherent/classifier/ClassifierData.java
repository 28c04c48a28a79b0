package dev.coherent.classifier;

import dev.coherent.cohort.Cohort;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows for a classifier: flat standardized features [rows, featureWidth] with zeros where absent,
 * presence [rows, modalities], and label indices.
 */
public record ClassifierData(int rows, float[] features, float[] presence, int[] labels) {

    /** A patient's standardized values of one modality, or {@code null} when it lacks it. */
    @FunctionalInterface
    public interface StandardizedRows {
        float[] row(String modality, int patient);
    }

    /** The patients among {@code idx} of {@code cohort} that have a label in {@code spec.classes()}. */
    public static ClassifierData of(ClassifierSpec spec, Cohort cohort, StandardizedRows data, int[] idx) {
        List<Integer> kept = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int i : idx) {
            String value = cohort.sample(i).labels().get(spec.label());
            int c = value == null ? -1 : spec.classes().indexOf(value);
            if (c >= 0) {
                kept.add(i);
                labels.add(c);
            }
        }
        int n = kept.size();
        int w = spec.featureWidth();
        int k = spec.modalities().size();
        float[] features = new float[n * w];
        float[] presence = new float[n * k];
        for (int r = 0; r < n; r++) {
            for (int m = 0; m < k; m++) {
                float[] v = data.row(spec.modalities().get(m), kept.get(r));
                if (v != null) {
                    System.arraycopy(v, 0, features, r * w + spec.offset(m), v.length);
                    presence[r * k + m] = 1;
                }
            }
        }
        return new ClassifierData(
                n,
                features,
                presence,
                labels.stream().mapToInt(Integer::intValue).toArray());
    }
}
