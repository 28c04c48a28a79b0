package dev.coherent.autoencoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PrincipalComponentsTest {

    /** Rows with three strong directions among 20 standardized features, plus a little noise. */
    private static float[][] threeFactors(int n, double noise) {
        SplittableRandom random = new SplittableRandom(4);
        double[][] loadings = new double[3][20];
        for (double[] l : loadings) {
            for (int j = 0; j < 20; j++) {
                l[j] = random.nextGaussian();
            }
        }
        float[][] rows = new float[n][20];
        for (int i = 0; i < n; i++) {
            double[] f = {random.nextGaussian(), random.nextGaussian(), random.nextGaussian()};
            for (int j = 0; j < 20; j++) {
                double v = noise * random.nextGaussian();
                for (int k = 0; k < 3; k++) {
                    v += f[k] * loadings[k][j];
                }
                rows[i][j] = (float) v;
            }
        }
        return rows;
    }

    @Test
    void theAutomaticWidthKeepsTheRequestedShareOfVariance() {
        float[][] rows = threeFactors(300, 0.1);
        assertEquals(3, PrincipalComponents.componentsFor(rows, 0.9, 64), "three factors carry over 90%");
        int noise = PrincipalComponents.componentsFor(threeFactors(300, 100), 0.9, 64);
        assertTrue(noise >= 15 && noise < 20, "pure noise needs most features: " + noise);
        assertEquals(2, PrincipalComponents.componentsFor(rows, 0.9, 2), "capped");
        assertEquals(4, PrincipalComponents.componentsFor(threeFactors(5, 0.1), 0.9999, 64), "at most the rank");
    }
}
