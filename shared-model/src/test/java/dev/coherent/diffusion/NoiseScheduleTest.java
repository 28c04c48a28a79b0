package dev.coherent.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NoiseScheduleTest {
    private final NoiseSchedule schedule = NoiseSchedule.standard();

    @Test
    void linearBetasRunFromStartToEnd() {
        assertEquals(1000, schedule.steps());
        assertEquals(1e-4, schedule.beta(0), 1e-9);
        assertEquals(0.02, schedule.beta(999), 1e-9);
        assertEquals(1e-4 + (0.02 - 1e-4) * 500 / 999.0, schedule.beta(500), 1e-8);
    }

    @Test
    void alphaBarIsTheProductOfOneMinusBeta() {
        double prod = 1;
        for (int t = 0; t < 1000; t++) {
            prod *= 1 - schedule.beta(t);
            assertEquals(prod, schedule.alphaBar(t), 1e-5 * Math.max(prod, 1e-3));
        }
        // Known value of the reference schedule: ᾱ_999 ≈ 4.0e-5.
        assertEquals(4.04e-5, schedule.alphaBar(999), 0.1e-5);
        assertEquals(schedule.alphaBar(10) / schedule.alphaBar(9), schedule.alpha(10), 1e-12);
        assertEquals(schedule.alphaBar(0), schedule.alpha(0), 0);
    }

    @Test
    void addNoiseIsTheClosedFormForwardProcess() {
        float[] x0 = {1f, -2f, 0.5f, 3f};
        float[] eps = {0.3f, 0.1f, -1f, 2f};
        int[] t = {0, 700};
        float[] out = new float[4];
        schedule.addNoise(x0, eps, t, 2, out);
        for (int r = 0; r < 2; r++) {
            double a = Math.sqrt(schedule.alphaBar(t[r]));
            double s = Math.sqrt(1 - schedule.alphaBar(t[r]));
            for (int j = 0; j < 2; j++) {
                assertEquals(a * x0[r * 2 + j] + s * eps[r * 2 + j], out[r * 2 + j], 1e-6);
            }
        }
    }

    @Test
    void stridedStepsDescendAndCoverEveryStepAtFullLength() {
        int[] all = schedule.stridedSteps(1000);
        assertEquals(999, all[0]);
        assertEquals(0, all[999]);
        assertArrayEquals(new int[] {750, 500, 250, 0}, schedule.stridedSteps(4));
        assertThrows(IllegalArgumentException.class, () -> schedule.stridedSteps(0));
        assertThrows(IllegalArgumentException.class, () -> schedule.stridedSteps(1001));
    }
}
