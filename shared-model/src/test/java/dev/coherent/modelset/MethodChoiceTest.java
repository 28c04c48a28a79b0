package dev.coherent.modelset;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MethodChoiceTest {

    private static Map<ImputationMethod, double[]> errors(double[] linear, double[] multi, double[] coherent) {
        Map<ImputationMethod, double[]> m = new LinkedHashMap<>();
        if (coherent != null) {
            m.put(ImputationMethod.COHERENT, coherent);
        }
        if (multi != null) {
            m.put(ImputationMethod.MULTI, multi);
        }
        if (linear != null) {
            m.put(ImputationMethod.LINEAR, linear);
        }
        return m;
    }

    @Test
    void aConsistentGainChoosesTheBetterDiffusionModel() {
        double[] linear = {1.0, 0.9, 1.2, 0.8, 1.1, 1.0};
        double[] multi = {0.80, 0.72, 0.95, 0.66, 0.90, 0.79};
        double[] coherent = {0.85, 0.70, 1.00, 0.70, 0.92, 0.80};
        assertEquals(ImputationMethod.MULTI, MethodChoice.choose(errors(linear, multi, coherent)));
    }

    @Test
    void aGainWithinTheNoiseKeepsTheLinearModel() {
        // Lower on average, but only thanks to one patient: the mean gain is below its standard error.
        double[] linear = {1.0, 0.9, 1.2, 0.8, 1.1, 1.0};
        double[] multi = {1.1, 1.0, 1.3, 0.9, 1.2, 0.2};
        assertEquals(ImputationMethod.LINEAR, MethodChoice.choose(errors(linear, multi, null)));
        // A worse diffusion model never wins.
        double[] worse = {1.5, 1.4, 1.6, 1.3, 1.2, 1.4};
        assertEquals(ImputationMethod.LINEAR, MethodChoice.choose(errors(linear, worse, worse)));
        // Three validation patients cannot show a gain.
        assertEquals(
                ImputationMethod.LINEAR,
                MethodChoice.choose(errors(new double[] {1, 1, 1}, new double[] {0.1, 0.2, 0.1}, null)));
        // A gain of 1.5 standard errors is not significant at 1% (one-sided, t with 9 df: 2.82).
        double[] base = new double[10];
        double[] better = new double[10];
        for (int i = 0; i < 10; i++) {
            base[i] = 1;
            better[i] = 1 - (i % 2 == 0 ? 0.1 : -0.05); // gains +0.1 / −0.05: mean 0.025, sd 0.079, SE 0.025
        }
        assertEquals(ImputationMethod.LINEAR, MethodChoice.choose(errors(base, better, null)));
    }

    @Test
    void withoutALinearModelTheLowestErrorWins() {
        assertEquals(
                ImputationMethod.COHERENT,
                MethodChoice.choose(errors(null, new double[] {1, 1}, new double[] {0.9, 0.9})));
        assertEquals(ImputationMethod.LINEAR, MethodChoice.choose(errors(new double[] {1, 2}, null, null)));
    }
}
