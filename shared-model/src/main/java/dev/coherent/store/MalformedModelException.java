package dev.coherent.store;

import dev.coherent.CoherentException;

/** A model set whose manifest is missing, unreadable or of an unknown format. */
public class MalformedModelException extends CoherentException {
    private static final long serialVersionUID = 1L;

    public MalformedModelException(String message) {
        super(message);
    }

    public MalformedModelException(String message, Throwable cause) {
        super(message, cause);
    }

    public MalformedModelException(Throwable cause) {
        super(cause);
    }
}
