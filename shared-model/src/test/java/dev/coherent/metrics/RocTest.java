package dev.coherent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RocTest {

    @Test
    void handComputedWithTies() {
        // 0.9 beats both negatives (2); each 0.5 ties 0.5 (0.5) and beats 0.1 (1): 2 + 1.5 + 1.5 = 5 of 6 pairs.
        assertEquals(5.0 / 6, Roc.auc(new double[] {0.9, 0.5, 0.5}, new double[] {0.5, 0.1}), 1e-12);
    }

    @Test
    void extremes() {
        assertEquals(1.0, Roc.auc(new double[] {3, 4}, new double[] {1, 2}), 0.0);
        assertEquals(0.0, Roc.auc(new double[] {1, 2}, new double[] {3, 4}), 0.0);
        assertEquals(0.5, Roc.auc(new double[] {1, 1}, new double[] {1, 1, 1}), 0.0);
    }

    @Test
    void matchesPairwiseCountOnTiedRandomScores() {
        Random rnd = new Random(6);
        double[] pos = new double[57];
        double[] neg = new double[43];
        for (int i = 0; i < pos.length; i++) {
            pos[i] = rnd.nextInt(8) + 1;
        }
        for (int i = 0; i < neg.length; i++) {
            neg[i] = rnd.nextInt(6);
        }
        double wins = 0;
        for (double p : pos) {
            for (double q : neg) {
                wins += p > q ? 1 : p == q ? 0.5 : 0;
            }
        }
        assertEquals(wins / (pos.length * neg.length), Roc.auc(pos, neg), 1e-12);
    }

    @Test
    void rejectsEmptyGroupsAndNaN() {
        assertThrows(IllegalArgumentException.class, () -> Roc.auc(new double[0], new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> Roc.auc(new double[] {Double.NaN}, new double[] {1}));
    }
}
