package dev.coherent.store;

import dev.coherent.CoherentException;

/** A key, model set or bucket that does not exist in the store. */
public class ModelNotFoundException extends CoherentException {
    private static final long serialVersionUID = 1L;

    public ModelNotFoundException(String message) {
        super(message);
    }

    public ModelNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }

    public ModelNotFoundException(Throwable cause) {
        super(cause);
    }
}
