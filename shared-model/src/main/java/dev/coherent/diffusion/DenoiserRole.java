package dev.coherent.diffusion;

/** What a denoiser is conditioned on: one other modality, or a masked set of all others. */
public enum DenoiserRole {
    /** One ordered pair (target, condition); members of a Coherent Denoising ensemble. */
    SINGLE,
    /** Every other modality as a condition, each with a 0/1 mask input. */
    MULTI;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
