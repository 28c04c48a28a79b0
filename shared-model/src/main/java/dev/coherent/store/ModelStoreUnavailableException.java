package dev.coherent.store;

import dev.coherent.CoherentException;

/**
 * The store cannot be reached or refused the request (network, server error, credentials).
 *
 * <p>The message names the store URI and the reason, never object data.
 */
public class ModelStoreUnavailableException extends CoherentException {
    private static final long serialVersionUID = 1L;

    public ModelStoreUnavailableException(String message) {
        super(message);
    }

    public ModelStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public ModelStoreUnavailableException(Throwable cause) {
        super(cause);
    }
}
