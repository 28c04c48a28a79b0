package dev.coherent.modelset;

import java.util.Locale;

/** Which models answer a query. */
public enum ImputationMethod {
    /**
     * The pair models of the present conditions: the single model for one condition, their
     * Coherent Denoising ensemble for several.
     */
    COHERENT,
    /** The masked multi-condition model of the target. */
    MULTI,
    /** Whichever of the two scored better on validation for this target and condition set. */
    AUTO;

    public static ImputationMethod parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidQueryException("unknown method '" + text + "' (expected coherent, multi or auto)");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
