package dev.coherent.cohort;

/**
 * Per-feature standardization of one modality, fitted on training rows and inverted on output.
 *
 * <p>Missing cells ({@code NaN}) are ignored when fitting and become the feature mean (0 in
 * standardized space) when transforming. A constant feature gets a scale of 1.
 */
public record FeatureScaler(String modality, double[] mean, double[] std) {

    /** Fits mean and population standard deviation on the present rows among {@code sampleIdx}. */
    public static FeatureScaler fit(ModalityMatrix matrix, int[] sampleIdx) {
        int d = matrix.dim();
        double[] sum = new double[d];
        double[] sq = new double[d];
        long[] n = new long[d];
        for (int i : sampleIdx) {
            float[] row = matrix.row(i);
            if (row == null) {
                continue;
            }
            for (int j = 0; j < d; j++) {
                if (!Float.isNaN(row[j])) {
                    sum[j] += row[j];
                    n[j]++;
                }
            }
        }
        double[] mean = new double[d];
        for (int j = 0; j < d; j++) {
            mean[j] = n[j] == 0 ? 0 : sum[j] / n[j];
        }
        for (int i : sampleIdx) {
            float[] row = matrix.row(i);
            if (row == null) {
                continue;
            }
            for (int j = 0; j < d; j++) {
                if (!Float.isNaN(row[j])) {
                    double dv = row[j] - mean[j];
                    sq[j] += dv * dv;
                }
            }
        }
        double[] std = new double[d];
        for (int j = 0; j < d; j++) {
            double s = n[j] == 0 ? 0 : Math.sqrt(sq[j] / n[j]);
            std[j] = s > 1e-12 ? s : 1.0;
        }
        return new FeatureScaler(matrix.name(), mean, std);
    }

    public int dim() {
        return mean.length;
    }

    /** Standardizes a raw row; NaN cells become 0 (the training mean). */
    public float[] transform(float[] raw) {
        float[] out = new float[raw.length];
        for (int j = 0; j < raw.length; j++) {
            out[j] = Float.isNaN(raw[j]) ? 0f : (float) ((raw[j] - mean[j]) / std[j]);
        }
        return out;
    }

    /** Maps a standardized row back to data units. */
    public float[] inverse(float[] z) {
        float[] out = new float[z.length];
        for (int j = 0; j < z.length; j++) {
            out[j] = (float) (z[j] * std[j] + mean[j]);
        }
        return out;
    }

    /** Scales a standard deviation (or any spread) back to data units. */
    public float[] inverseSpread(float[] zSpread) {
        float[] out = new float[zSpread.length];
        for (int j = 0; j < zSpread.length; j++) {
            out[j] = (float) (zSpread[j] * std[j]);
        }
        return out;
    }
}
