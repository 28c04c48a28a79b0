package dev.coherent.evaluation;

import dev.coherent.linear.RidgeRegression;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The baselines {@link CrossValidation} scores next to the model, on preprocessed features: the
 * feature mean, KNN and ridge, each learning from the non-test patients (the donors).
 */
final class RawBaselines {
    private RawBaselines() {}

    static float[][] featureMean(float[][] rows, List<Integer> reference, int n) {
        double[] sum = null;
        int count = 0;
        for (int i : reference) {
            if (rows[i] == null) {
                continue;
            }
            if (sum == null) {
                sum = new double[rows[i].length];
            }
            for (int j = 0; j < sum.length; j++) {
                sum[j] += rows[i][j];
            }
            count++;
        }
        float[] mean = new float[sum.length];
        for (int j = 0; j < mean.length; j++) {
            mean[j] = (float) (sum[j] / count);
        }
        float[][] out = new float[n][];
        Arrays.fill(out, mean);
        return out;
    }

    /** The non-test patients that have the target and every condition: the baselines learn from them. */
    static List<Integer> donors(
            Map<String, float[][]> fitted, String target, List<String> conditions, List<Integer> reference) {
        List<Integer> donors = new ArrayList<>();
        for (int i : reference) {
            boolean all = fitted.get(target)[i] != null;
            for (String c : conditions) {
                all &= fitted.get(c)[i] != null;
            }
            if (all) {
                donors.add(i);
            }
        }
        return donors;
    }

    /**
     * Per-feature mean and standard deviation of a modality's rows over some patients (population
     * variance; a constant feature gets sd 1 so it stays finite and carries no weight).
     */
    record Standardization(double[] mean, double[] sd) {
        static Standardization of(float[][] rows, List<Integer> patients) {
            int d = rows[patients.get(0)].length;
            double[] mean = new double[d];
            double[] sd = new double[d];
            for (int i : patients) {
                for (int j = 0; j < d; j++) {
                    mean[j] += rows[i][j] / (double) patients.size();
                }
            }
            for (int i : patients) {
                for (int j = 0; j < d; j++) {
                    double v = rows[i][j] - mean[j];
                    sd[j] += v * v / patients.size();
                }
            }
            for (int j = 0; j < d; j++) {
                sd[j] = Math.sqrt(sd[j]) > 1e-12 ? Math.sqrt(sd[j]) : 1;
            }
            return new Standardization(mean, sd);
        }
    }

    /** The k-nearest-neighbour baseline on the condition modalities, standardized per feature over the donors. */
    static float[][] knn(
            Map<String, float[][]> fitted,
            Map<String, float[][]> observed,
            String target,
            List<String> conditions,
            List<Integer> donors,
            List<Integer> who,
            int neighbours) {
        // Per-feature standard deviations over the donors: distances in standardized units.
        Map<String, double[]> scale = new LinkedHashMap<>();
        for (String c : conditions) {
            scale.put(c, Standardization.of(fitted.get(c), donors).sd());
        }
        int k = Math.min(neighbours, donors.size());
        float[][] out = new float[who.size()][];
        for (int w = 0; w < who.size(); w++) {
            int patient = who.get(w);
            double[] dist = new double[donors.size()];
            for (int r = 0; r < donors.size(); r++) {
                double total = 0;
                for (String c : conditions) {
                    float[] a = observed.get(c)[patient];
                    float[] b = fitted.get(c)[donors.get(r)];
                    double[] sd = scale.get(c);
                    double s = 0;
                    for (int j = 0; j < a.length; j++) {
                        double diff = (a[j] - b[j]) / sd[j];
                        s += diff * diff;
                    }
                    // Each modality weighs the same, whatever its number of features.
                    total += s / a.length;
                }
                dist[r] = total;
            }
            Integer[] order = new Integer[donors.size()];
            for (int r = 0; r < order.length; r++) {
                order[r] = r;
            }
            Arrays.sort(order, Comparator.comparingDouble(r -> dist[r]));
            float[] avg = new float[fitted.get(target)[donors.get(0)].length];
            for (int n = 0; n < k; n++) {
                float[] t = fitted.get(target)[donors.get(order[n])];
                for (int j = 0; j < avg.length; j++) {
                    avg[j] += t[j] / k;
                }
            }
            out[w] = avg;
        }
        return out;
    }

    /**
     * The ridge baseline: a multi-output ridge regression from the condition modalities to the
     * target, fitted on the donors' preprocessed features, its penalty chosen by cross-validation
     * among the donors ({@link RidgeRegression#select}).
     *
     * <p>Inputs are standardized per feature over the donors as for KNN, and each condition
     * modality's block is divided by the square root of its width, so every modality carries the
     * same total variance whatever its number of features (the ridge penalty then weighs modalities
     * alike, as KNN's distance does). Targets are standardized over the donors too, so the one
     * penalty serves every feature as the per-feature R² scores them; predictions are mapped back.
     *
     * @param donors non-test patients with the target and every condition, indices into the rows
     * @param who patients to predict, from their {@code observed} condition rows
     * @return predictions in {@code who} order, or {@code null} with fewer than
     *     {@link RidgeRegression#MIN_ROWS} donors
     */
    static float[][] ridge(
            Map<String, float[][]> fitted,
            Map<String, float[][]> observed,
            String target,
            List<String> conditions,
            List<Integer> donors,
            List<Integer> who,
            long seed) {
        if (donors.size() < RidgeRegression.MIN_ROWS) {
            return null;
        }
        Map<String, Standardization> inputs = new LinkedHashMap<>();
        for (String c : conditions) {
            inputs.put(c, Standardization.of(fitted.get(c), donors));
        }
        Standardization out = Standardization.of(fitted.get(target), donors);
        double[][] x = new double[donors.size()][];
        double[][] y = new double[donors.size()][];
        for (int r = 0; r < x.length; r++) {
            int i = donors.get(r);
            x[r] = ridgeInputs(fitted, inputs, i);
            float[] t = fitted.get(target)[i];
            y[r] = new double[t.length];
            for (int j = 0; j < t.length; j++) {
                y[r][j] = (t[j] - out.mean()[j]) / out.sd()[j];
            }
        }
        RidgeRegression.Fit fit = RidgeRegression.select(x, y, seed).fit();
        float[][] pred = new float[who.size()][];
        for (int w = 0; w < pred.length; w++) {
            double[] p = fit.predict(ridgeInputs(observed, inputs, who.get(w)));
            pred[w] = new float[p.length];
            for (int j = 0; j < p.length; j++) {
                pred[w][j] = (float) (out.mean()[j] + out.sd()[j] * p[j]);
            }
        }
        return pred;
    }

    /** Patient i's condition features, standardized and each modality scaled by 1/√width, concatenated. */
    private static double[] ridgeInputs(Map<String, float[][]> rows, Map<String, Standardization> inputs, int i) {
        int width = 0;
        for (Standardization s : inputs.values()) {
            width += s.mean().length;
        }
        double[] x = new double[width];
        int at = 0;
        for (Map.Entry<String, Standardization> e : inputs.entrySet()) {
            float[] v = rows.get(e.getKey())[i];
            Standardization s = e.getValue();
            double weight = 1 / Math.sqrt(v.length);
            for (int j = 0; j < v.length; j++) {
                x[at++] = (v[j] - s.mean()[j]) / s.sd()[j] * weight;
            }
        }
        return x;
    }
}
