package dev.coherent.diffusion;

import java.util.Locale;

/** Which reverse process runs over the trained models. */
public enum SamplerKind {
    /** The reference's ancestral sampler over every one of the T steps. */
    DDPM,
    /** DDIM over a strided subset of steps; η = 0 deterministic, η = 1 stochastic like DDPM. */
    DDIM;

    public static SamplerKind parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown sampler '" + text + "' (expected ddpm or ddim)");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
