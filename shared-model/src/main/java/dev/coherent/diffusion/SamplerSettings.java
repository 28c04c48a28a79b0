package dev.coherent.diffusion;

/**
 * How to run the reverse process.
 *
 * @param kind DDPM or DDIM
 * @param steps number of denoising steps (DDPM always uses every step of the schedule)
 * @param eta DDIM stochasticity, 0 = deterministic
 * @param rejection Coherent Denoising's rejection rule (ignored for one-member predictors)
 */
public record SamplerSettings(SamplerKind kind, int steps, double eta, RejectionSettings rejection) {
    public static final SamplerSettings DEFAULT_DDPM =
            new SamplerSettings(SamplerKind.DDPM, NoiseSchedule.DEFAULT_STEPS, 0, RejectionSettings.DEFAULT);

    public SamplerSettings {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be at least 1");
        }
        if (eta < 0) {
            throw new IllegalArgumentException("eta must be >= 0");
        }
    }

    /** DDPM over all steps, the reference default. */
    public static SamplerSettings ddpm() {
        return DEFAULT_DDPM;
    }

    /** Deterministic DDIM over {@code steps} strided steps. */
    public static SamplerSettings ddim(int steps) {
        return new SamplerSettings(SamplerKind.DDIM, steps, 0, RejectionSettings.DEFAULT);
    }

    public SamplerSettings withRejection(RejectionSettings r) {
        return new SamplerSettings(kind, steps, eta, r);
    }

    public SamplerSettings withEta(double newEta) {
        return new SamplerSettings(kind, steps, newEta, rejection);
    }
}
