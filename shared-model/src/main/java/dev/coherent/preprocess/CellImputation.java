package dev.coherent.preprocess;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * How the missing cells left after the missing-fraction filter are filled when fitting and
 * encoding training data. At inference time the model set always fills with the stored training
 * medians: KNN would need training rows, and a model set carries no patient rows.
 */
public enum CellImputation {
    /** Mean of the feature over the k nearest training rows (nan-Euclidean distance), as scikit-learn's KNNImputer. */
    KNN("knn"),
    /** The feature's training median. */
    MEDIAN("median");

    private final String label;

    CellImputation(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }

    public static CellImputation parse(String text) {
        for (CellImputation c : values()) {
            if (c.label.equals(text.toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown impute '" + text + "' (expected knn or median)");
    }
}
