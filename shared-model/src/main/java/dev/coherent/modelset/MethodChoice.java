package dev.coherent.modelset;

import java.util.Map;

/**
 * How {@code auto} chooses a method for one query from per-patient validation errors.
 *
 * <p>The best diffusion method (lowest mean error) replaces the linear model only when its gain
 * exceeds one standard error of the paired per-patient difference: the one-standard-error rule
 * (Hastie, Tibshirani and Friedman, "The Elements of Statistical Learning", 2nd ed., §7.10), which
 * prefers the simpler model unless the data show the other is better. On small validation splits a
 * diffusion model that only looks better by chance is the commonest way to end up below the linear
 * floor; with many patients a real gain clears the bar.
 */
public final class MethodChoice {
    private MethodChoice() {}

    /**
     * The method to use; {@code errors} holds, per available method, the same validation patients'
     * squared errors in the same order.
     */
    public static ImputationMethod choose(Map<ImputationMethod, double[]> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("no method to choose from");
        }
        ImputationMethod bestDiffusion = null;
        for (Map.Entry<ImputationMethod, double[]> e : errors.entrySet()) {
            if (e.getKey() != ImputationMethod.LINEAR
                    && (bestDiffusion == null || mean(e.getValue()) < mean(errors.get(bestDiffusion)))) {
                bestDiffusion = e.getKey();
            }
        }
        double[] linear = errors.get(ImputationMethod.LINEAR);
        if (linear == null) {
            return bestDiffusion;
        }
        if (bestDiffusion == null) {
            return ImputationMethod.LINEAR;
        }
        double[] other = errors.get(bestDiffusion);
        int n = linear.length;
        if (other.length != n) {
            throw new IllegalArgumentException("methods were scored on different patients");
        }
        if (n < 2) {
            return ImputationMethod.LINEAR;
        }
        double[] gain = new double[n];
        for (int i = 0; i < n; i++) {
            gain[i] = linear[i] - other[i];
        }
        double mean = mean(gain);
        double var = 0;
        for (double g : gain) {
            var += (g - mean) * (g - mean);
        }
        double standardError = Math.sqrt(var / (n - 1) / n);
        return mean > standardError ? bestDiffusion : ImputationMethod.LINEAR;
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return v.length == 0 ? Double.NaN : s / v.length;
    }
}
