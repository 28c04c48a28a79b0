package dev.coherent.preprocess;

import java.util.Arrays;

/**
 * Fills missing cells with the mean of the k nearest reference rows, as scikit-learn's
 * {@code KNNImputer} with uniform weights.
 *
 * <p>Distances are nan-Euclidean: over the coordinates present in both rows, scaled up by
 * (features / coordinates used), so rows with fewer shared coordinates are not favoured. For each
 * missing cell only reference rows that have that feature are candidate donors; a row is never its
 * own donor for a cell it lacks. When no reference row has the feature, or none shares a
 * coordinate with the row, the cell takes the given fallback (the training median; scikit-learn
 * would use the mean).
 */
public final class KnnImputer {
    private KnnImputer() {}

    /**
     * Returns {@code rows} with missing cells filled; rows without a missing cell are returned as
     * they are, others as filled copies, {@code null} rows stay {@code null}.
     *
     * @param reference the training rows the neighbours come from (with their own missing cells)
     * @param fallback per feature, the value when no donor exists
     */
    public static float[][] fill(float[][] rows, float[][] reference, int k, double[] fallback) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        float[][] out = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            float[] row = rows[i];
            if (row == null || !hasMissing(row)) {
                out[i] = row;
                continue;
            }
            double[] dist = new double[reference.length];
            for (int r = 0; r < reference.length; r++) {
                dist[r] = reference[r] == null ? Double.NaN : nanEuclidean(row, reference[r]);
            }
            float[] filled = row.clone();
            for (int j = 0; j < row.length; j++) {
                if (Float.isNaN(row[j])) {
                    filled[j] = donorMean(j, dist, reference, k, fallback[j]);
                }
            }
            out[i] = filled;
        }
        return out;
    }

    /** nan-Euclidean distance; {@code NaN} when the rows share no present coordinate. */
    public static double nanEuclidean(float[] a, float[] b) {
        double sum = 0;
        int used = 0;
        for (int j = 0; j < a.length; j++) {
            if (!Float.isNaN(a[j]) && !Float.isNaN(b[j])) {
                double d = a[j] - b[j];
                sum += d * d;
                used++;
            }
        }
        return used == 0 ? Double.NaN : Math.sqrt(sum * a.length / used);
    }

    private static float donorMean(int j, double[] dist, float[][] reference, int k, double fallback) {
        Integer[] order = new Integer[reference.length];
        int candidates = 0;
        for (int r = 0; r < reference.length; r++) {
            if (!Double.isNaN(dist[r]) && !Float.isNaN(reference[r][j])) {
                order[candidates++] = r;
            }
        }
        if (candidates == 0) {
            return (float) fallback;
        }
        Integer[] c = Arrays.copyOf(order, candidates);
        // Stable sort: ties keep reference order, so the result does not depend on the sort.
        Arrays.sort(c, (x, y) -> Double.compare(dist[x], dist[y]));
        int use = Math.min(k, candidates);
        double sum = 0;
        for (int n = 0; n < use; n++) {
            sum += reference[c[n]][j];
        }
        return (float) (sum / use);
    }

    private static boolean hasMissing(float[] row) {
        for (float v : row) {
            if (Float.isNaN(v)) {
                return true;
            }
        }
        return false;
    }
}
