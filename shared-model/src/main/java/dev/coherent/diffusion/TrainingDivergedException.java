package dev.coherent.diffusion;

import dev.coherent.CoherentException;

/** Training produced a non-finite loss. */
public class TrainingDivergedException extends CoherentException {
    private static final long serialVersionUID = 1L;

    public TrainingDivergedException(String message) {
        super(message);
    }

    public TrainingDivergedException(String message, Throwable cause) {
        super(message, cause);
    }

    public TrainingDivergedException(Throwable cause) {
        super(cause);
    }
}
