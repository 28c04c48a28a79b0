package dev.coherent.preprocess;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How preprocessed features become the low-dimensional codes the denoisers work on (reference-method.md §2). */
public enum LatentKind {
    /** The reference's autoencoder (Linear → BatchNorm → ReLU blocks), trained with early stopping. */
    AUTOENCODER("autoencoder"),
    /** Standardize, then the leading principal components (for precomputed slide embeddings). */
    PCA("pca"),
    /** The preprocessed features are already an embedding: used as they are. */
    NONE("none");

    private final String label;

    LatentKind(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }

    public static LatentKind parse(String text) {
        for (LatentKind k : values()) {
            if (k.label.equals(text.toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown latent '" + text + "' (expected autoencoder, pca or none)");
    }
}
