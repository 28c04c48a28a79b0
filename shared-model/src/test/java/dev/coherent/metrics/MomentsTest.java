package dev.coherent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MomentsTest {

    @Test
    void theUpperQuantileIsTheSmallestValueThatEnoughOfThemDoNotExceed() {
        double[] hundred = new double[100];
        for (int i = 0; i < hundred.length; i++) {
            hundred[i] = 100 - i; // unsorted: 100 down to 1
        }
        // 99 of 100 values are ≤ 99: a threshold of 99 flags one value in a hundred.
        assertEquals(99, Moments.upperQuantile(hundred, 0.99));
        assertEquals(100, Moments.upperQuantile(hundred, 0.995));
        assertEquals(1, Moments.upperQuantile(hundred, 0));
        assertEquals(100, hundred[0], "the values are left as they were");
        assertThrows(IllegalArgumentException.class, () -> Moments.upperQuantile(new double[0], 0.5));
    }

    @Test
    void theMedianInterpolatesAsNumpyDoes() {
        assertEquals(2.5, Moments.median(new double[] {4, 1, 3, 2}));
        assertEquals(3, Moments.median(new double[] {5, 1, 3}));
        assertEquals(4.6, Moments.quantiles(new double[] {5, 1, 3, 2, 4}, 0.9)[0], 1e-12); // as np.quantile
    }
}
