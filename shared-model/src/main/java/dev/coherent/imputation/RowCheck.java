package dev.coherent.imputation;

import java.util.Set;

/**
 * A gate every row of a table imputation passes before it is imputed, whatever the table's layout
 * (latent codes or raw features).
 */
@FunctionalInterface
public interface RowCheck {
    /** Lets every row through. */
    RowCheck NONE = (patientId, provided) -> {};

    /**
     * Refuses a row by throwing (e.g. {@link dev.coherent.modelset.InvalidQueryException}); the run
     * then stops with that exception and nothing more is written.
     *
     * @param provided the modalities the row has values for
     */
    void check(String patientId, Set<String> provided);
}
