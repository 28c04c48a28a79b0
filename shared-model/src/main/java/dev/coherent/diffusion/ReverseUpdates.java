package dev.coherent.diffusion;

/**
 * The reverse-process update rules: one step from x_t to the previous sample given predicted noise,
 * written as x_prev = a·x_t + b·ε̂ + σ·z so that the Java loop and the fused graph share one set of
 * coefficients.
 *
 * <p>DDPM ancestral step (Ho et al. 2020) as the reference code does it: μ = (x_t − β_t/√(1−ᾱ_t)·ε̂)/√α_t
 * with σ_t = √β_t, no noise at t = 0. DDIM step (Song et al. 2020, arXiv:2010.02502) between strided
 * steps t and s &lt; t: x̂₀ = (x_t − √(1−ᾱ_t)·ε̂)/√ᾱ_t, λ = η·√((1−ᾱ_s)/(1−ᾱ_t))·√(1−ᾱ_t/ᾱ_s),
 * x_s = √ᾱ_s·x̂₀ + √(1−ᾱ_s−λ²)·ε̂ + σ·z; η = 0 is deterministic, η = 1 matches DDPM's variance.
 *
 * <p>With the fixed variance σ = λ. Coarse grids then sample too narrow a distribution: the step
 * treats x̂₀ as if it were x₀, ignoring how uncertain x₀ still is given x_t. The analytic variance
 * (Bao et al. 2022, Analytic-DPM, arXiv:2201.06503; with the prediction's own error instead of the
 * ideal posterior variance, as in their follow-up arXiv:2206.07309) adds that uncertainty back:
 * σ² = λ² + c₀²·v_t, where c₀ = √ᾱ_s − √(1−ᾱ_s−λ²)·√(ᾱ_t/(1−ᾱ_t)) is the weight of x̂₀ in the mean
 * and v_t = E‖x₀ − x̂₀(x_t)‖²/d is measured on held-out data ({@link X0Error}). For Gaussian data
 * this makes every step exact, whatever the grid. The last step adds no noise under either rule.
 */
public final class ReverseUpdates {
    private ReverseUpdates() {}

    /**
     * One step's coefficients: x_prev = xScale·x_t + epsScale·ε̂ + sigma·z.
     *
     * @param t the step it starts from
     */
    public record Step(int t, double xScale, double epsScale, double sigma) {

        /** Applies the step to flat arrays, writing into {@code out} (may alias {@code x}); {@code z} may be null. */
        public void apply(float[] x, float[] eps, float[] z, float[] out, int length) {
            boolean noisy = sigma > 0 && z != null;
            for (int i = 0; i < length; i++) {
                double v = xScale * x[i] + epsScale * eps[i];
                out[i] = (float) (noisy ? v + sigma * z[i] : v);
            }
        }
    }

    /** The DDPM ancestral step at t. */
    public static Step ddpm(NoiseSchedule schedule, int t) {
        double invSqrtAlpha = 1 / Math.sqrt(schedule.alpha(t));
        double coef = schedule.beta(t) / Math.sqrt(1 - schedule.alphaBar(t));
        return new Step(t, invSqrtAlpha, -coef * invSqrtAlpha, t > 0 ? Math.sqrt(schedule.beta(t)) : 0);
    }

    /** The noise scale λ of a DDIM step from t to {@code prev} (−1 = to x₀) with the fixed variance. */
    public static double ddimSigma(NoiseSchedule schedule, int t, int prev, double eta) {
        double abT = schedule.alphaBar(t);
        double abPrev = prev < 0 ? 1.0 : schedule.alphaBar(prev);
        return eta * Math.sqrt((1 - abPrev) / (1 - abT)) * Math.sqrt(Math.max(0, 1 - abT / abPrev));
    }

    /**
     * The DDIM step from t to {@code prev} (−1 = to x₀).
     *
     * @param x0Variance v_t, the mean squared error of x̂₀ at t; 0 for the fixed variance
     */
    public static Step ddim(NoiseSchedule schedule, int t, int prev, double eta, double x0Variance) {
        double abT = schedule.alphaBar(t);
        double abPrev = prev < 0 ? 1.0 : schedule.alphaBar(prev);
        double lambda = ddimSigma(schedule, t, prev, eta);
        double dirCoef = Math.sqrt(Math.max(0, 1 - abPrev - lambda * lambda));
        double x0Scale = Math.sqrt(abPrev / abT);
        double epsScale = dirCoef - Math.sqrt(abPrev) * Math.sqrt(1 - abT) / Math.sqrt(abT);
        double c0 = Math.sqrt(abPrev) - dirCoef * Math.sqrt(abT / (1 - abT));
        return new Step(t, x0Scale, epsScale, Math.sqrt(lambda * lambda + c0 * c0 * x0Variance));
    }

    /**
     * The steps of a whole reverse process over the descending {@code steps}.
     *
     * @param x0Error held-out error of x̂₀, needed only for {@link StepVariance#ANALYTIC}
     * @throws IllegalArgumentException when the analytic variance is asked for without {@code x0Error}
     */
    public static Step[] plan(NoiseSchedule schedule, int[] steps, SamplerSettings requested, X0Error x0Error) {
        SamplerSettings settings = requested.resolved(x0Error != null);
        boolean analytic = settings.variance() == StepVariance.ANALYTIC;
        if (analytic && x0Error == null) {
            throw new IllegalArgumentException("the analytic variance needs the models' held-out x0 error");
        }
        Step[] out = new Step[steps.length];
        for (int k = 0; k < steps.length; k++) {
            int t = steps[k];
            boolean last = k == steps.length - 1;
            if (settings.kind() == SamplerKind.DDPM) {
                out[k] = ddpm(schedule, t);
            } else {
                // The returned sample gets no noise, so the last step needs no variance either.
                double v = analytic && !last ? x0Error.at(t) : 0;
                out[k] = ddim(schedule, t, last ? -1 : steps[k + 1], settings.eta(), v);
            }
        }
        return out;
    }
}
