package dev.coherent.diffusion;

/**
 * How to run the reverse process.
 *
 * @param kind DDPM or DDIM
 * @param steps number of denoising steps (DDPM always uses every step of the schedule)
 * @param eta DDIM stochasticity, 0 = deterministic
 * @param variance the noise each step adds: the schedule's, the analytic one (DDIM only), or auto
 * @param rejection Coherent Denoising's rejection rule (ignored for one-member predictors)
 */
public record SamplerSettings(SamplerKind kind, int steps, double eta, StepVariance variance,
        RejectionSettings rejection) {
    public static final SamplerSettings DEFAULT_DDPM =
            new SamplerSettings(SamplerKind.DDPM, NoiseSchedule.DEFAULT_STEPS, 0, RejectionSettings.DEFAULT);

    public SamplerSettings {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be at least 1");
        }
        if (eta < 0) {
            throw new IllegalArgumentException("eta must be >= 0");
        }
        if (variance == StepVariance.ANALYTIC && kind != SamplerKind.DDIM) {
            throw new IllegalArgumentException("the analytic variance applies to the ddim sampler");
        }
    }

    /** With the schedule's fixed variance. */
    public SamplerSettings(SamplerKind kind, int steps, double eta, RejectionSettings rejection) {
        this(kind, steps, eta, StepVariance.FIXED, rejection);
    }

    /** DDPM over all steps, the reference default. */
    public static SamplerSettings ddpm() {
        return DEFAULT_DDPM;
    }

    /** Deterministic DDIM over {@code steps} strided steps. */
    public static SamplerSettings ddim(int steps) {
        return new SamplerSettings(SamplerKind.DDIM, steps, 0, RejectionSettings.DEFAULT);
    }

    /** These settings for one run, with {@link StepVariance#AUTO} resolved. */
    public SamplerSettings resolved(boolean x0ErrorKnown) {
        return variance == StepVariance.AUTO ? withVariance(variance.resolve(kind, x0ErrorKnown)) : this;
    }

    /** Whether steps draw fresh noise (all but the last); AUTO must be resolved first. */
    public boolean stochastic() {
        return kind == SamplerKind.DDPM || eta > 0 || variance == StepVariance.ANALYTIC;
    }

    public SamplerSettings withRejection(RejectionSettings r) {
        return new SamplerSettings(kind, steps, eta, variance, r);
    }

    public SamplerSettings withEta(double newEta) {
        return new SamplerSettings(kind, steps, newEta, variance, rejection);
    }

    public SamplerSettings withVariance(StepVariance newVariance) {
        return new SamplerSettings(kind, steps, eta, newVariance, rejection);
    }
}
