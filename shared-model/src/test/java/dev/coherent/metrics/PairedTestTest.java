package dev.coherent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PairedTestTest {
    @Test
    void theTQuantileMatchesTables() {
        // One-sided 1%: t tables.
        assertEquals(4.541, PairedTest.tQuantile(3), 0.11);
        assertEquals(2.821, PairedTest.tQuantile(9), 0.015);
        assertEquals(2.457, PairedTest.tQuantile(30), 0.003);
        assertEquals(2.326, PairedTest.tQuantile(100000), 0.001);
    }

    @Test
    void aGainIsSignificantOnlyBeyondItsStandardError() {
        double[] reference = new double[100];
        double[] steady = new double[100];
        double[] noisy = new double[100];
        for (int i = 0; i < 100; i++) {
            reference[i] = 1;
            steady[i] = 1 - (i % 2 == 0 ? 0.06 : 0.04); // mean gain 0.05, SE 0.001
            noisy[i] = 1 - (i % 2 == 0 ? 0.1 : -0.05); // mean gain 0.025, SE 0.0075: t 3.3
        }
        assertTrue(PairedTest.significantlyLower(reference, steady));
        assertTrue(PairedTest.significantlyLower(reference, noisy));
        assertFalse(PairedTest.significantlyLower(steady, reference), "one-sided");
        for (int i = 0; i < 100; i++) {
            noisy[i] = 1 - (i % 2 == 0 ? 0.2 : -0.17); // mean gain 0.015, SE 0.0186: t 0.8
        }
        assertFalse(PairedTest.significantlyLower(reference, noisy));
        assertFalse(PairedTest.significantlyLower(new double[] {1, 1, 1}, new double[] {0, 0, 0}), "too few");
        assertThrows(IllegalArgumentException.class, () -> PairedTest.significantlyLower(reference, new double[3]));
    }
}
