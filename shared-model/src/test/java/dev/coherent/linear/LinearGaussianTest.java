package dev.coherent.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coherent.json.Json;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LinearGaussianTest {

    /**
     * A known bivariate-output normal: x ~ N(0, I₃), y = μ + A·x + e with e ~ N(0, Σ), Σ correlated.
     * Then E[y | x] = μ + A·x and Cov[y | x] = Σ, which the fit must recover.
     */
    @Test
    void reproducesTheConditionalMeanAndCovarianceOfAKnownNormal() {
        double[][] a = {{0.8, -0.5, 0.0}, {0.3, 0.4, -1.2}};
        double[] mu = {1.0, -2.0};
        double[][] sigma = {{0.5, 0.3}, {0.3, 0.4}};
        double l00 = Math.sqrt(sigma[0][0]);
        double l10 = sigma[1][0] / l00;
        double l11 = Math.sqrt(sigma[1][1] - l10 * l10);
        int n = 20000;
        float[][] x = new float[n][3];
        float[][] y = new float[n][2];
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 3; k++) {
                x[i][k] = (float) random.nextGaussian();
            }
            double z0 = random.nextGaussian();
            double z1 = random.nextGaussian();
            double[] e = {l00 * z0, l10 * z0 + l11 * z1};
            for (int t = 0; t < 2; t++) {
                double v = mu[t] + e[t];
                for (int k = 0; k < 3; k++) {
                    v += a[t][k] * x[i][k];
                }
                y[i][t] = (float) v;
            }
        }
        LinearGaussian.Fitted fitted = LinearGaussian.fit("y", List.of("x"), x, y, 11);
        LinearGaussian model = fitted.model();
        for (int t = 0; t < 2; t++) {
            assertEquals(mu[t], model.weights().intercepts()[t], 0.02);
            for (int k = 0; k < 3; k++) {
                assertEquals(a[t][k], model.weights().coefficients()[k][t], 0.02, "A[" + t + "][" + k + "]");
            }
            for (int s = 0; s < 2; s++) {
                assertEquals(sigma[t][s], model.weights().covariance()[t][s], 0.02, "Σ[" + t + "][" + s + "]");
            }
        }
        assertTrue(fitted.summary().shrinkage() < 0.05, "plenty of rows need little shrinkage");
        assertEquals(0.45, fitted.summary().cvMse(), 0.02, "held-out error per feature is the noise variance");

        // Draws at one x have the conditional mean and covariance.
        float[] x0 = {1f, -1f, 0.5f};
        float[] mean = model.mean(x0);
        int draws = 40000;
        float[] out = new float[draws * 2];
        for (int d = 0; d < draws; d++) {
            model.draw(mean, d, 1f, out, d * 2);
        }
        double m0 = 0;
        double m1 = 0;
        for (int d = 0; d < draws; d++) {
            m0 += out[2 * d] / (double) draws;
            m1 += out[2 * d + 1] / (double) draws;
        }
        double c00 = 0;
        double c01 = 0;
        double c11 = 0;
        for (int d = 0; d < draws; d++) {
            double u = out[2 * d] - m0;
            double v = out[2 * d + 1] - m1;
            c00 += u * u / draws;
            c01 += u * v / draws;
            c11 += v * v / draws;
        }
        double expected0 = mu[0] + a[0][0] - a[0][1] + 0.5 * a[0][2];
        double expected1 = mu[1] + a[1][0] - a[1][1] + 0.5 * a[1][2];
        assertEquals(expected0, m0, 0.03);
        assertEquals(expected1, m1, 0.03);
        assertEquals(sigma[0][0], c00, 0.03);
        assertEquals(sigma[0][1], c01, 0.03);
        assertEquals(sigma[1][1], c11, 0.03);
        // A typical patient is about one standard deviation away per feature.
        double mahalanobis = 0;
        for (int i = 0; i < 2000; i++) {
            mahalanobis += model.mahalanobisPerFeature(x[i], y[i]) / 2000;
        }
        assertEquals(1.0, mahalanobis, 0.1);
    }

    @Test
    void aFitWithScalesIsTheFitOnScaledVectorsTakingAndReturningUnscaledOnes() {
        SplittableRandom random = new SplittableRandom(9);
        int n = 80;
        float[][] x = new float[n][3];
        float[][] scaledX = new float[n][3];
        float[][] y = new float[n][2];
        float[][] scaledY = new float[n][2];
        double[] in = {2.0, 0.5, 0.1};
        double[] out = {3.0, 0.2};
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 3; k++) {
                x[i][k] = (float) random.nextGaussian();
                scaledX[i][k] = (float) (x[i][k] * in[k]);
            }
            y[i][0] = (float) (x[i][0] + x[i][1] + x[i][2] + 4 * random.nextGaussian());
            y[i][1] = (float) (x[i][0] - x[i][2] + random.nextGaussian());
            for (int t = 0; t < 2; t++) {
                scaledY[i][t] = (float) (y[i][t] * out[t]);
            }
        }
        LinearGaussian withScales =
                LinearGaussian.fit("y", List.of("x"), x, y, in, out, 4).model();
        LinearGaussian onScaled =
                LinearGaussian.fit("y", List.of("x"), scaledX, scaledY, 4).model();
        for (int i = 0; i < 5; i++) {
            for (int t = 0; t < 2; t++) {
                assertEquals(onScaled.mean(scaledX[i])[t] / out[t], withScales.mean(x[i])[t], 1e-4);
            }
        }
        for (int t = 0; t < 2; t++) {
            assertEquals(
                    onScaled.weights().covariance()[t][t] / (out[t] * out[t]),
                    withScales.weights().covariance()[t][t],
                    1e-4,
                    "residual variance in unscaled units");
        }
    }

    @Test
    void withoutConditionsItIsTheTargetsOwnGaussian() {
        int n = 5000;
        float[][] x = new float[n][0];
        float[][] y = new float[n][3];
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < 3; t++) {
                y[i][t] = (float) (t + (t + 1) * random.nextGaussian());
            }
        }
        LinearGaussian model = LinearGaussian.fit("y", List.of(), x, y, 1).model();
        float[] mean = model.mean(new float[0]);
        for (int t = 0; t < 3; t++) {
            assertEquals(t, mean[t], 0.1);
            assertEquals((t + 1) * (t + 1), model.weights().covariance()[t][t], 0.1 * (t + 1) * (t + 1));
        }
        assertThrows(IllegalArgumentException.class, () -> model.mean(new float[1]));
    }

    @Test
    void fewPatientsShrinkTheCovarianceTowardItsDiagonal() {
        int n = 12;
        int m = 20;
        float[][] x = new float[n][0];
        float[][] y = new float[n][m];
        SplittableRandom random = new SplittableRandom(8);
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < m; t++) {
                y[i][t] = (float) random.nextGaussian();
            }
        }
        LinearGaussian.Fitted f = LinearGaussian.fit("y", List.of(), x, y, 2);
        // The sample covariance of 12 rows in 20 dimensions is singular; the shrunk one is not.
        assertTrue(f.summary().shrinkage() > 0.5, "shrinkage " + f.summary().shrinkage());
        float[] out = new float[m];
        f.model().draw(new float[m], 1, 1f, out, 0);
        for (float v : out) {
            assertTrue(Float.isFinite(v));
        }
    }

    /**
     * Two groups whose x and y means differ, one slope: E[y | x] = 0.5·x₁ + 3·tanh(2·x₀) (the group
     * weighed by its discriminant), which no single line fits; the mixture recovers it from the
     * groups given at training only, and survives its weights' JSON round trip.
     */
    @Test
    void groupsThatDifferInTheirMeansAreMixedByTheirDiscriminant() throws Exception {
        int n = 20000;
        float[][] x = new float[n][2];
        float[][] y = new float[n][1];
        String[] groups = new String[n];
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < n; i++) {
            boolean a = random.nextBoolean();
            groups[i] = a ? "A" : "B";
            x[i][0] = (float) ((a ? 2 : -2) + random.nextGaussian());
            x[i][1] = (float) random.nextGaussian();
            y[i][0] = (float) ((a ? 3 : -3) + 0.5 * x[i][1] + 0.5 * random.nextGaussian());
        }
        double bayesMse = 0;
        for (int i = 0; i < n; i++) {
            double e = y[i][0] - (0.5 * x[i][1] + 3 * Math.tanh(2 * x[i][0]));
            bayesMse += e * e / n;
        }
        LinearGaussian.Fitted fitted = LinearGaussian.fit("y", List.of("x"), x, y, groups, null, null, 2);
        assertEquals(2, fitted.summary().groups());
        assertEquals(bayesMse, fitted.summary().cvMse(), 0.03, "held-out error is the Bayes error");
        LinearGaussian stored = new LinearGaussian(
                "y",
                List.of("x"),
                Json.MAPPER.readValue(
                        Json.MAPPER.writeValueAsString(fitted.model().weights()), LinearGaussian.Weights.class));
        for (float[] at : new float[][] {{0.25f, 1f}, {-0.5f, 0f}, {3f, -2f}, {0f, 0f}}) {
            double expected = 0.5 * at[1] + 3 * Math.tanh(2 * at[0]);
            assertEquals(expected, fitted.model().mean(at)[0], 0.1, "E[y | x = " + at[0] + ", " + at[1] + "]");
            assertEquals(fitted.model().mean(at)[0], stored.mean(at)[0], 1e-5);
        }
        LinearGaussian.Fitted single = LinearGaussian.fit("y", List.of("x"), x, y, 2);
        assertEquals(null, single.model().weights().groups());
        assertTrue(
                single.summary().cvMse() > bayesMse + 0.2,
                "a line misses it: " + single.summary().cvMse());
    }

    /** Groups that do not differ gain nothing held out, so the model stays one regression. */
    @Test
    void groupsThatDoNotDifferLeaveASingleRegression() {
        int n = 1000;
        float[][] x = new float[n][2];
        float[][] y = new float[n][1];
        String[] groups = new String[n];
        SplittableRandom random = new SplittableRandom(6);
        for (int i = 0; i < n; i++) {
            groups[i] = "g" + random.nextInt(10);
            x[i][0] = (float) random.nextGaussian();
            x[i][1] = (float) random.nextGaussian();
            y[i][0] = (float) (x[i][0] - x[i][1] + random.nextGaussian());
        }
        LinearGaussian.Fitted fitted = LinearGaussian.fit("y", List.of("x"), x, y, groups, null, null, 2);
        assertEquals(0, fitted.summary().groups());
        assertEquals(null, fitted.model().weights().groups());
        assertTrue(
                Json.MAPPER.valueToTree(fitted.model().weights()).path("groups").isMissingNode(), "nothing written");
    }
}
