package dev.coherent.diffusion;

/**
 * Coherent Denoising's rejection rule (reference-method.md §6).
 *
 * <p>At each step a sample's coherence distance is one minus the weighted mean pairwise cosine
 * similarity of the members' noise predictions; a sample is rejected when more than
 * {@code maxBadFraction} of its steps exceed {@code distanceThreshold}, regenerated from fresh noise
 * up to {@code maxAttempts} attempts in all, and otherwise falls back to its best attempt.
 */
public record RejectionSettings(double distanceThreshold, double maxBadFraction, int maxAttempts) {
    public static final RejectionSettings DEFAULT = new RejectionSettings(1.0, 0.10, 10);
    /** Never rejects: one attempt, every sample kept. */
    public static final RejectionSettings NONE = new RejectionSettings(Double.POSITIVE_INFINITY, 1.0, 1);

    public RejectionSettings {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max attempts must be at least 1");
        }
    }
}
