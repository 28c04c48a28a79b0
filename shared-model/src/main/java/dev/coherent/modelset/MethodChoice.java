package dev.coherent.modelset;

import dev.coherent.metrics.PairedTest;
import java.util.Map;

/**
 * How {@code auto} chooses a method for one query from per-patient validation errors.
 *
 * <p>The best diffusion method (lowest mean error) replaces the linear model only when it is
 * significantly better ({@link PairedTest}: one-sided paired t-test at 1%). On small validation splits a diffusion model that only
 * looks better by chance is the commonest way to end up below the linear floor (measured in
 * docs/results/cohort-size.md: at 5% a model set of 500 patients took a diffusion method on one
 * of 28 rows and lost 0.033 R² there); with many patients a real gain clears the bar.
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
        return PairedTest.significantlyLower(linear, errors.get(bestDiffusion))
                ? bestDiffusion
                : ImputationMethod.LINEAR;
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return v.length == 0 ? Double.NaN : s / v.length;
    }
}
