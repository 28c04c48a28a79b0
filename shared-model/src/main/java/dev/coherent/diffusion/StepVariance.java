package dev.coherent.diffusion;

import java.util.Locale;

/** How much noise each reverse step adds (see {@link ReverseUpdates}). */
public enum StepVariance {
    /** The schedule's: √β_t for DDPM, DDIM's η-scaled λ. */
    FIXED,
    /** DDIM's λ² plus the held-out uncertainty of x̂₀ carried into the step (Analytic-DPM); keeps few-step spreads right. */
    ANALYTIC;

    public static StepVariance parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown variance '" + text + "' (expected fixed or analytic)");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
