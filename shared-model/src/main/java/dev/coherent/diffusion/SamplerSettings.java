package dev.coherent.diffusion;

/**
 * How to run the reverse process.
 *
 * <p>{@link #DEFAULT} is the one safe default of the CLI and the three functions: DDIM over 50
 * strided steps with η = 1 and the {@link StepVariance#AUTO auto} variance (the analytic one wherever
 * the model set measured its x̂₀ error, the schedule's elsewhere). Deterministic DDIM (η = 0)
 * follows the probability-flow ODE, which amplifies the small errors of a learned noise predictor:
 * on the quickstart model set its 100-step draws spread about 6.5 times as much as the data
 * (see {@link dev.coherent.metrics.Divergence}); use it, or the reference's 1000-step DDPM
 * ({@link #ddpm()}), only when asked for. The {@code DEFAULT_*_TEXT} constants are the same values as
 * text, for configuration defaults ({@code @WithDefault}) that must be compile-time constants.
 *
 * @param kind DDPM or DDIM
 * @param steps number of denoising steps (DDPM always uses every step of the schedule)
 * @param eta DDIM stochasticity, 0 = deterministic
 * @param variance the noise each step adds: the schedule's, the analytic one (DDIM only), or auto
 * @param rejection Coherent Denoising's rejection rule (ignored for one-member predictors)
 */
public record SamplerSettings(
        SamplerKind kind, int steps, double eta, StepVariance variance, RejectionSettings rejection) {
    /** {@link #DEFAULT}'s sampler kind, as text. */
    public static final String DEFAULT_SAMPLER_TEXT = "ddim";
    /** {@link #DEFAULT}'s DDIM steps, as text. */
    public static final String DEFAULT_STEPS_TEXT = "50";
    /** {@link #DEFAULT}'s η, as text: stochastic DDIM. */
    public static final String DEFAULT_ETA_TEXT = "1.0";
    /** {@link #DEFAULT}'s step variance, as text. */
    public static final String DEFAULT_VARIANCE_TEXT = "auto";

    /** The safe default: DDIM, 50 steps, η = 1, auto variance, the default rejection rule. */
    public static final SamplerSettings DEFAULT = new SamplerSettings(
            SamplerKind.parse(DEFAULT_SAMPLER_TEXT),
            Integer.parseInt(DEFAULT_STEPS_TEXT),
            Double.parseDouble(DEFAULT_ETA_TEXT),
            StepVariance.parse(DEFAULT_VARIANCE_TEXT),
            RejectionSettings.DEFAULT);

    /** The reference's DDPM over every step of the standard schedule; only when asked for. */
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

    /** DDPM over all steps, the reference's sampler (not the default: see {@link #DEFAULT}). */
    public static SamplerSettings ddpm() {
        return DEFAULT_DDPM;
    }

    /**
     * The settings of a sampler chosen by kind, with {@link #DEFAULT} filling in what is not given:
     * DDIM gets 50 steps, η = 1 and the auto variance unless told otherwise; DDPM runs all
     * {@code scheduleSteps} steps with η = 0 (η is a DDIM setting) and the auto variance (which is
     * the schedule's for DDPM).
     *
     * @param kind the sampler; {@code null} for {@link #DEFAULT}'s
     * @param steps {@code null} for the default; DDPM takes any other count than the schedule's as
     *     given, for the sampler to refuse
     * @param eta DDIM's η, {@code null} for the default
     * @param variance {@code null} for the default
     */
    public static SamplerSettings of(
            SamplerKind kind, Integer steps, Double eta, StepVariance variance, int scheduleSteps) {
        SamplerKind k = kind != null ? kind : DEFAULT.kind();
        StepVariance v = variance != null ? variance : DEFAULT.variance();
        if (k == SamplerKind.DDPM) {
            return new SamplerSettings(
                    k, steps != null ? steps : scheduleSteps, eta != null ? eta : 0, v, DEFAULT.rejection());
        }
        return new SamplerSettings(
                k, steps != null ? steps : DEFAULT.steps(), eta != null ? eta : DEFAULT.eta(), v, DEFAULT.rejection());
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

    /** A short description for messages and reports: {@code ddim, 50 steps, eta 1.0, variance auto}. */
    public String describe() {
        return String.format(
                java.util.Locale.ROOT, "%s, %d steps, eta %s, variance %s", kind.label(), steps, eta, variance.label());
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
