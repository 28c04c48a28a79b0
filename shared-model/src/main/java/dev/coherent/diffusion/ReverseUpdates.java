package dev.coherent.diffusion;

/**
 * The reverse-process update rules: one step from x_t to the previous sample given predicted noise.
 *
 * <p>DDPM ancestral step (Ho et al. 2020) as the reference code does it: μ = (x_t − β_t/√(1−ᾱ_t)·ε̂)/√α_t
 * with σ_t = √β_t, no noise at t = 0. DDIM step (Song et al. 2020, arXiv:2010.02502) between strided
 * steps t and s &lt; t: x̂₀ = (x_t − √(1−ᾱ_t)·ε̂)/√ᾱ_t, σ = η·√((1−ᾱ_s)/(1−ᾱ_t))·√(1−ᾱ_t/ᾱ_s),
 * x_s = √ᾱ_s·x̂₀ + √(1−ᾱ_s−σ²)·ε̂ + σ·z; η = 0 is deterministic, η = 1 matches DDPM's variance.
 * Arrays are flat, row-major; {@code z} may be {@code null} when no noise is added.
 */
public final class ReverseUpdates {
    private ReverseUpdates() {}

    /** One DDPM ancestral step at step t, written into {@code out} (may alias {@code x}). */
    public static void ddpm(NoiseSchedule schedule, int t, float[] x, float[] eps, float[] z, float[] out, int length) {
        double alpha = schedule.alpha(t);
        double coef = schedule.beta(t) / Math.sqrt(1 - schedule.alphaBar(t));
        double invSqrtAlpha = 1 / Math.sqrt(alpha);
        double sigma = t > 0 ? Math.sqrt(schedule.beta(t)) : 0;
        for (int i = 0; i < length; i++) {
            double mu = (x[i] - coef * eps[i]) * invSqrtAlpha;
            out[i] = (float) (sigma > 0 && z != null ? mu + sigma * z[i] : mu);
        }
    }

    /** The noise scale σ of a DDIM step from t to {@code prev} (−1 = to x₀). */
    public static double ddimSigma(NoiseSchedule schedule, int t, int prev, double eta) {
        double abT = schedule.alphaBar(t);
        double abPrev = prev < 0 ? 1.0 : schedule.alphaBar(prev);
        return eta * Math.sqrt((1 - abPrev) / (1 - abT)) * Math.sqrt(Math.max(0, 1 - abT / abPrev));
    }

    /** One DDIM step from t to {@code prev} (−1 = to x₀), written into {@code out} (may alias {@code x}). */
    public static void ddim(NoiseSchedule schedule, int t, int prev, double eta, float[] x, float[] eps, float[] z,
            float[] out, int length) {
        double abT = schedule.alphaBar(t);
        double abPrev = prev < 0 ? 1.0 : schedule.alphaBar(prev);
        double sigma = ddimSigma(schedule, t, prev, eta);
        double sqrtAbT = Math.sqrt(abT);
        double sqrtOneMinusAbT = Math.sqrt(1 - abT);
        double sqrtAbPrev = Math.sqrt(abPrev);
        double dirCoef = Math.sqrt(Math.max(0, 1 - abPrev - sigma * sigma));
        for (int i = 0; i < length; i++) {
            double x0 = (x[i] - sqrtOneMinusAbT * eps[i]) / sqrtAbT;
            double v = sqrtAbPrev * x0 + dirCoef * eps[i];
            out[i] = (float) (sigma > 0 && z != null ? v + sigma * z[i] : v);
        }
    }
}
