package dev.coherent.diffusion;

import java.util.Arrays;

/**
 * The arithmetic of Coherent Denoising's ensembles, one home for the samplers, the x̂₀ error and
 * the query planner: member weights, the weighted consensus of the members' noise predictions and
 * how much they disagree (the rejection's coherence distance).
 */
public final class Ensemble {
    private Ensemble() {}

    /** Weighted consensus ε̂ = Σ w_i ε̂_i. */
    static void consensus(float[][] pred, double[] w, float[] out) {
        if (pred.length == 1) {
            System.arraycopy(pred[0], 0, out, 0, out.length);
            return;
        }
        for (int i = 0; i < out.length; i++) {
            double s = 0;
            for (int m = 0; m < pred.length; m++) {
                s += w[m] * pred[m][i];
            }
            out[i] = (float) s;
        }
    }

    /**
     * Per-row coherence distance d = 1 − Σ_{i<j} w̃_ij·cos(ε̂_i, ε̂_j) / Σ_{i<j} w̃_ij with
     * w̃_ij = (w_i + w_j)/2 (cosine over features, eps 1e-8).
     */
    public static double[] coherenceDistance(float[][] pred, double[] w, int rows, int dim) {
        double[] out = new double[rows];
        int members = pred.length;
        for (int r = 0; r < rows; r++) {
            int o = r * dim;
            double num = 0;
            double den = 0;
            for (int i = 0; i < members; i++) {
                for (int j = i + 1; j < members; j++) {
                    double dot = 0;
                    double ni = 0;
                    double nj = 0;
                    for (int f = 0; f < dim; f++) {
                        double a = pred[i][o + f];
                        double b = pred[j][o + f];
                        dot += a * b;
                        ni += a * a;
                        nj += b * b;
                    }
                    double cos = dot / Math.max(Math.sqrt(ni) * Math.sqrt(nj), 1e-8);
                    double wij = (w[i] + w[j]) / 2;
                    num += wij * cos;
                    den += wij;
                }
            }
            out[r] = den > 0 ? 1 - num / den : 1.0;
        }
        return out;
    }

    /** Adds one bad step to every row whose {@link #coherenceDistance} is above {@code threshold}. */
    static void countIncoherent(float[][] pred, double[] w, int rows, int dim, double threshold, int[] badSteps) {
        double[] d = coherenceDistance(pred, w, rows, dim);
        for (int r = 0; r < rows; r++) {
            if (d[r] > threshold) {
                badSteps[r]++;
            }
        }
    }

    /**
     * Ensemble weights: the given ones normalized to sum 1, or uniform when {@code null}.
     */
    static double[] normalized(double[] weights, int members) {
        double[] w = new double[members];
        if (weights == null) {
            Arrays.fill(w, 1.0 / members);
            return w;
        }
        if (weights.length != members) {
            throw new IllegalArgumentException("need one weight per member");
        }
        double s = 0;
        for (double v : weights) {
            s += v;
        }
        for (int i = 0; i < members; i++) {
            w[i] = weights[i] / s;
        }
        return w;
    }

    /**
     * Coherent Denoising's ensemble weights from the members' validation MSEs: softmax(1/MSE), as
     * the reference computes them (not "inversely proportional" as the paper says).
     */
    public static double[] softmaxInverse(double[] validationMse) {
        double[] inv = new double[validationMse.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < inv.length; i++) {
            inv[i] = 1 / validationMse[i];
            max = Math.max(max, inv[i]);
        }
        double s = 0;
        for (int i = 0; i < inv.length; i++) {
            inv[i] = Math.exp(inv[i] - max);
            s += inv[i];
        }
        for (int i = 0; i < inv.length; i++) {
            inv[i] /= s;
        }
        return inv;
    }
}
