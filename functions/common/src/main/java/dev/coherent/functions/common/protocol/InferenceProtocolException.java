package dev.coherent.functions.common.protocol;

import dev.coherent.functions.common.problem.ProblemException;

/**
 * A refused Open Inference Protocol (V2) request: answered with the status and the protocol's
 * error object {@code {"error": "…"}} instead of a problem document, by
 * {@link InferenceProtocolErrorMapper}.
 */
public class InferenceProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public InferenceProtocolException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The same refusal for a protocol client: status and detail of the problem. */
    public static InferenceProtocolException of(ProblemException e) {
        return new InferenceProtocolException(e.problem().status(), e.getMessage());
    }

    public int status() {
        return status;
    }
}
