package dev.coherent.preprocess;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;

/** How the raw values of one modality become features (reference-method.md §1). */
public enum Recipe {
    /** RNA-seq and miRNA-seq counts: CPM per sample, the CPM filter, then log2(CPM + 1). */
    COUNTS("counts"),
    /** ABSOLUTE copy number: 0 (or less) is missing, log2(x / 2), clipped to [−2, 2]. */
    LOG_RATIO("log_ratio"),
    /** Thresholded copy-number calls (GISTIC −2..2), kept as they are. */
    CALLS("calls"),
    /** RPPA: each feature minus its training median. */
    MEDIAN_CENTER("median_center"),
    /** Values kept as they are (e.g. precomputed embeddings). */
    NONE("none");

    private final String label;

    Recipe(String label) {
        this.label = label;
    }

    /** The name used in {@code cohort.json} and in model sets. */
    @JsonValue
    public String label() {
        return label;
    }

    /** Parses a label, case-insensitively. */
    public static Recipe parse(String text) {
        for (Recipe r : values()) {
            if (r.label.equals(text.toLowerCase(Locale.ROOT))) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown recipe '" + text + "' (expected "
                + String.join(", ", Arrays.stream(values()).map(Recipe::label).toList()) + ")");
    }
}
