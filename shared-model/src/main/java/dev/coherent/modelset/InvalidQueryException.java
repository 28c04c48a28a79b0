package dev.coherent.modelset;

import dev.coherent.CoherentException;

/** A query the model set cannot answer as asked: unknown modality, bad dimension, missing model. */
public class InvalidQueryException extends CoherentException {
    private static final long serialVersionUID = 1L;

    public InvalidQueryException(String message) {
        super(message);
    }

    public InvalidQueryException(String message, Throwable cause) {
        super(message, cause);
    }

    public InvalidQueryException(Throwable cause) {
        super(cause);
    }
}
