package dev.coherent.diffusion;

import java.util.Locale;

/** How a multi-condition model's condition mask is drawn during training. */
public enum MaskingStrategy {
    /** The training set's own gaps, as the paper: a condition is on exactly when present. */
    NATURAL,
    /**
     * A uniformly random subset of the present conditions at every batch, the empty set included,
     * so the model learns every condition set a user may send, and unconditional generation.
     */
    RANDOM;

    public static MaskingStrategy parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown masking '" + text + "' (expected natural or random)");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
