package dev.coherent.diffusion;

import java.util.Locale;

/** How much noise each reverse step adds (see {@link ReverseUpdates}). */
public enum StepVariance {
    /** The schedule's: √β_t for DDPM, DDIM's η-scaled λ. */
    FIXED,
    /** DDIM's λ² plus the held-out uncertainty of x̂₀ carried into the step (Analytic-DPM); keeps few-step spreads right. */
    ANALYTIC,
    /**
     * {@link #ANALYTIC} for DDIM where the models' validation x̂₀ error is known (every conditional
     * query of a set trained since it exists), {@link #FIXED} elsewhere (DDPM, unconditional
     * generation, older sets).
     */
    AUTO;

    /** What this means for one sampling run: AUTO becomes ANALYTIC or FIXED. */
    public StepVariance resolve(SamplerKind kind, boolean x0ErrorKnown) {
        if (this != AUTO) {
            return this;
        }
        return kind == SamplerKind.DDIM && x0ErrorKnown ? ANALYTIC : FIXED;
    }

    public static StepVariance parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown variance '" + text + "' (expected fixed, analytic or auto)");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
