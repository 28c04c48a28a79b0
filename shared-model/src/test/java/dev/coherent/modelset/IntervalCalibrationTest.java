package dev.coherent.modelset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class IntervalCalibrationTest {
    private static IntervalCalibration table(int draws, double q90) {
        return new IntervalCalibration(
                draws, 50, new double[] {0.5, 0.9, 0.95}, new double[] {q90 / 2, q90, q90 * 1.2});
    }

    @Test
    void aQueryUsesTheTableOfTheMostDrawsAtMostItsOwn() {
        List<IntervalCalibration> tables = List.of(table(4, 3), table(10, 2), table(20, 1.8));
        assertEquals(3, IntervalCalibration.multiplier(tables, 4, 0.9));
        assertEquals(2, IntervalCalibration.multiplier(tables, 12, 0.9));
        assertEquals(1.8, IntervalCalibration.multiplier(tables, 100, 0.9));
        // Fewer draws than any table, a level above them, or no calibration: raw intervals.
        assertTrue(Double.isNaN(IntervalCalibration.multiplier(tables, 3, 0.9)));
        assertTrue(Double.isNaN(IntervalCalibration.multiplier(tables, 10, 0.99)));
        assertTrue(Double.isNaN(IntervalCalibration.multiplier(List.of(), 10, 0.9)));
    }
}
