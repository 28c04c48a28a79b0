package dev.coherent.cohort;

import java.util.Locale;

/** The partition a patient belongs to: models are fitted on TRAIN, selected on VAL, scored on TEST. */
public enum Split {
    TRAIN,
    VAL,
    TEST;

    /** Parses {@code train}, {@code val}/{@code validation} or {@code test}, case-insensitively. */
    public static Split parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "train", "training" -> TRAIN;
            case "val", "valid", "validation" -> VAL;
            case "test" -> TEST;
            default -> throw new IllegalArgumentException("unknown split '" + text + "' (expected train, val or test)");
        };
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
