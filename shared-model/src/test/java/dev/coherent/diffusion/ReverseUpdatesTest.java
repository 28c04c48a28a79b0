package dev.coherent.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ReverseUpdatesTest {
    private final NoiseSchedule schedule = NoiseSchedule.standard();

    @Test
    void ddpmStepMatchesTheReferenceFormula() {
        int t = 400;
        float[] x = {0.7f, -1.2f};
        float[] eps = {0.2f, 0.9f};
        float[] z = {1.5f, -0.5f};
        float[] out = new float[2];
        ReverseUpdates.ddpm(schedule, t, x, eps, z, out, 2);
        double beta = schedule.beta(t);
        double alpha = schedule.alphaBar(t) / schedule.alphaBar(t - 1);
        for (int i = 0; i < 2; i++) {
            double mu = (x[i] - beta / Math.sqrt(1 - schedule.alphaBar(t)) * eps[i]) / Math.sqrt(alpha);
            assertEquals(mu + Math.sqrt(beta) * z[i], out[i], 1e-6);
        }
    }

    @Test
    void ddpmAddsNoNoiseAtTheLastStep() {
        float[] x = {0.7f};
        float[] eps = {0.2f};
        float[] out = new float[1];
        ReverseUpdates.ddpm(schedule, 0, x, eps, new float[] {5f}, out, 1);
        double expected = (0.7 - schedule.beta(0) / Math.sqrt(1 - schedule.alphaBar(0)) * 0.2)
                / Math.sqrt(schedule.alphaBar(0));
        assertEquals(expected, out[0], 1e-6);
    }

    @Test
    void deterministicDdimRecoversX0ExactlyFromTheTrueNoise() {
        // If ε̂ is the noise actually added, one DDIM step to x₀ returns x₀ itself.
        float[] x0 = {1.25f, -0.5f};
        float[] eps = {0.4f, -1.1f};
        float[] xt = new float[2];
        schedule.addNoise(x0, eps, new int[] {600}, 2, xt);
        float[] out = new float[2];
        ReverseUpdates.ddim(schedule, 600, -1, 0, xt, eps, null, out, 2);
        assertEquals(x0[0], out[0], 1e-5);
        assertEquals(x0[1], out[1], 1e-5);
        // And a step to an intermediate s lands on the forward process at s with the same noise.
        ReverseUpdates.ddim(schedule, 600, 300, 0, xt, eps, null, out, 2);
        float[] xs = new float[2];
        schedule.addNoise(x0, eps, new int[] {300}, 2, xs);
        assertEquals(xs[0], out[0], 1e-5);
        assertEquals(xs[1], out[1], 1e-5);
    }

    @Test
    void ddimWithEtaOneHasTheDdpmPosteriorVarianceBetweenAdjacentSteps() {
        int t = 500;
        double sigma = ReverseUpdates.ddimSigma(schedule, t, t - 1, 1.0);
        double posterior = (1 - schedule.alphaBar(t - 1)) / (1 - schedule.alphaBar(t)) * schedule.beta(t);
        // β is float32 while α comes from the ratio of float32 ᾱ: equal to float precision.
        assertEquals(Math.sqrt(posterior), sigma, 1e-6);
        assertEquals(0, ReverseUpdates.ddimSigma(schedule, t, t - 1, 0), 0);
    }
}
