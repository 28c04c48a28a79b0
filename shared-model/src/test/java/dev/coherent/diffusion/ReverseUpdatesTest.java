package dev.coherent.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        ReverseUpdates.ddpm(schedule, t).apply(x, eps, z, out, 2);
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
        ReverseUpdates.ddpm(schedule, 0).apply(x, eps, new float[] {5f}, out, 1);
        double expected =
                (0.7 - schedule.beta(0) / Math.sqrt(1 - schedule.alphaBar(0)) * 0.2) / Math.sqrt(schedule.alphaBar(0));
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
        ReverseUpdates.ddim(schedule, 600, -1, 0, 0).apply(xt, eps, null, out, 2);
        assertEquals(x0[0], out[0], 1e-5);
        assertEquals(x0[1], out[1], 1e-5);
        // And a step to an intermediate s lands on the forward process at s with the same noise.
        ReverseUpdates.ddim(schedule, 600, 300, 0, 0).apply(xt, eps, null, out, 2);
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

    @Test
    void analyticVarianceAddsTheX0ErrorWeightedByX0sShareOfTheMean() {
        int t = 600;
        int s = 300;
        double v = 0.3;
        ReverseUpdates.Step fixed = ReverseUpdates.ddim(schedule, t, s, 0.5, 0);
        ReverseUpdates.Step analytic = ReverseUpdates.ddim(schedule, t, s, 0.5, v);
        // Same mean; written with x̂₀ = (x_t − √(1−ᾱ_t)·ε̂)/√ᾱ_t the mean's weight on x̂₀ is c₀ below.
        assertEquals(fixed.xScale(), analytic.xScale(), 0);
        assertEquals(fixed.epsScale(), analytic.epsScale(), 0);
        double abT = schedule.alphaBar(t);
        double c0 = -fixed.epsScale() * Math.sqrt(abT / (1 - abT));
        assertEquals(fixed.sigma() * fixed.sigma() + c0 * c0 * v, analytic.sigma() * analytic.sigma(), 1e-12);
        assertEquals(ReverseUpdates.ddimSigma(schedule, t, s, 0.5), fixed.sigma(), 0);
    }

    @Test
    void planGivesTheLastStepNoVarianceAndNeedsTheErrorForAnalytic() {
        X0Error error = new X0Error(new int[] {0, 999}, new double[] {0.5, 0.5});
        SamplerSettings analytic = SamplerSettings.ddim(10).withVariance(StepVariance.ANALYTIC);
        ReverseUpdates.Step[] plan = ReverseUpdates.plan(schedule, schedule.stridedSteps(10), analytic, error);
        assertEquals(10, plan.length);
        assertEquals(0, plan[9].sigma(), 0);
        assertTrue(plan[0].sigma() > 0, "deterministic DDIM becomes stochastic with the analytic variance");
        assertTrue(analytic.stochastic());
        assertThrows(
                IllegalArgumentException.class,
                () -> ReverseUpdates.plan(schedule, schedule.stridedSteps(10), analytic, null));
        assertThrows(
                IllegalArgumentException.class, () -> SamplerSettings.ddpm().withVariance(StepVariance.ANALYTIC));
    }

    @Test
    void autoIsAnalyticWhereTheErrorIsKnownAndFixedElsewhere() {
        X0Error error = new X0Error(new int[] {0, 999}, new double[] {0.5, 0.5});
        SamplerSettings auto = SamplerSettings.ddim(10).withVariance(StepVariance.AUTO);
        int[] steps = schedule.stridedSteps(10);
        assertEquals(
                ReverseUpdates.plan(schedule, steps, auto.withVariance(StepVariance.ANALYTIC), error)[0],
                ReverseUpdates.plan(schedule, steps, auto, error)[0]);
        assertEquals(
                ReverseUpdates.plan(schedule, steps, auto.withVariance(StepVariance.FIXED), null)[0],
                ReverseUpdates.plan(schedule, steps, auto, null)[0]);
        assertEquals(
                StepVariance.FIXED,
                SamplerSettings.ddpm()
                        .withVariance(StepVariance.AUTO)
                        .resolved(true)
                        .variance());
        assertTrue(!auto.resolved(false).stochastic(), "deterministic DDIM stays deterministic without the error");
    }
}
