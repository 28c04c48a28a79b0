package dev.coherent.diffusion;

/**
 * The variance schedule of a DDPM: β_t for t = 0..T-1 and the derived α_t and ᾱ_t.
 *
 * <p>Ho et al. 2020, "Denoising Diffusion Probabilistic Models" (arXiv:2006.11239). The default is
 * the reference's linear schedule, β from 1e-4 to 0.02 over T = 1000 steps, computed in float32 as
 * the reference does so that trained models and samplers agree on every constant. This class is the
 * one home of the forward-noising formula and of the per-step coefficients the samplers use.
 */
public final class NoiseSchedule {
    public static final int DEFAULT_STEPS = 1000;
    public static final double DEFAULT_BETA_START = 1e-4;
    public static final double DEFAULT_BETA_END = 0.02;

    private final double betaStart;
    private final double betaEnd;
    private final double[] betas;
    private final double[] alphaBars;

    private NoiseSchedule(double betaStart, double betaEnd, int steps) {
        if (steps < 2) {
            throw new IllegalArgumentException("a schedule needs at least 2 steps");
        }
        if (!(betaStart > 0 && betaEnd < 1 && betaStart <= betaEnd)) {
            throw new IllegalArgumentException("need 0 < beta_start <= beta_end < 1");
        }
        this.betaStart = betaStart;
        this.betaEnd = betaEnd;
        this.betas = new double[steps];
        this.alphaBars = new double[steps];
        float cum = 1f;
        for (int t = 0; t < steps; t++) {
            // float32 arithmetic mirrors torch.linspace and torch.cumprod in the reference.
            float beta = (float) (betaStart + (betaEnd - betaStart) * t / (steps - 1));
            cum *= (1f - beta);
            betas[t] = beta;
            alphaBars[t] = cum;
        }
    }

    /** Linear β schedule from {@code betaStart} to {@code betaEnd} over {@code steps} steps. */
    public static NoiseSchedule linear(double betaStart, double betaEnd, int steps) {
        return new NoiseSchedule(betaStart, betaEnd, steps);
    }

    /** The reference schedule: linear, 1e-4 to 0.02, T = 1000. */
    public static NoiseSchedule standard() {
        return linear(DEFAULT_BETA_START, DEFAULT_BETA_END, DEFAULT_STEPS);
    }

    public int steps() {
        return betas.length;
    }

    public double betaStart() {
        return betaStart;
    }

    public double betaEnd() {
        return betaEnd;
    }

    public double beta(int t) {
        return betas[t];
    }

    /** ᾱ_t = Π_{s≤t} (1 − β_s). */
    public double alphaBar(int t) {
        return alphaBars[t];
    }

    /** ᾱ of the step before t; 1 before the first step. */
    public double alphaBarPrev(int t) {
        return t == 0 ? 1.0 : alphaBars[t - 1];
    }

    /** α_t = ᾱ_t / ᾱ_{t−1}, as the reference derives it (ᾱ_0 at t = 0). */
    public double alpha(int t) {
        return t == 0 ? alphaBars[0] : alphaBars[t] / alphaBars[t - 1];
    }

    /**
     * Forward process q(x_t | x_0): writes {@code √ᾱ_t·x0 + √(1−ᾱ_t)·eps} into {@code out}, row by
     * row, with row r at step {@code t[r]}.
     */
    public void addNoise(float[] x0, float[] eps, int[] t, int dim, float[] out) {
        for (int r = 0; r < t.length; r++) {
            double a = Math.sqrt(alphaBars[t[r]]);
            double s = Math.sqrt(1 - alphaBars[t[r]]);
            int o = r * dim;
            for (int j = 0; j < dim; j++) {
                out[o + j] = (float) (a * x0[o + j] + s * eps[o + j]);
            }
        }
    }

    /**
     * The timesteps a sampler visits, in decreasing order: all T for {@code count == T}, otherwise
     * the evenly strided subset {@code floor(i·T/count)} (DDIM's uniform skip, Song et al. 2020).
     */
    public int[] stridedSteps(int count) {
        if (count < 1 || count > steps()) {
            throw new IllegalArgumentException("steps must be between 1 and " + steps() + ", got " + count);
        }
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[count - 1 - i] = (int) ((long) i * steps() / count);
        }
        return out;
    }
}
