package dev.coherent.prioritization;

import java.util.Locale;

/** Which counterfactual score ranks patients. */
public enum ScoreKind {
    DISAGREEMENT,
    VARIANCE;

    public static ScoreKind parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new dev.coherent.modelset.InvalidQueryException(
                    "unknown score '" + text + "' (expected disagreement or variance)");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
