package dev.coherent;

/**
 * Root of every domain exception thrown by the engine.
 *
 * <p>Unchecked on purpose so that lambdas and streams stay readable; each subclass lives in the
 * package of its concept (cohort, store, diffusion) and carries a message meant for the user.
 */
public class CoherentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CoherentException(String message) {
        super(message);
    }

    public CoherentException(String message, Throwable cause) {
        super(message, cause);
    }

    public CoherentException(Throwable cause) {
        super(cause);
    }
}
