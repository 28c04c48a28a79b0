package dev.coherent.store;

import dev.coherent.CoherentException;

/**
 * Files of a model set that differ from their recorded digests or are missing.
 *
 * <p>The set was modified or is incomplete; the message names the set and the offending keys.
 */
public class TamperedModelException extends CoherentException {
    private static final long serialVersionUID = 1L;

    public TamperedModelException(String message) {
        super(message);
    }

    public TamperedModelException(String message, Throwable cause) {
        super(message, cause);
    }

    public TamperedModelException(Throwable cause) {
        super(cause);
    }
}
