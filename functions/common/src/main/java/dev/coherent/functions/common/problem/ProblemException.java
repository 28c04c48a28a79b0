package dev.coherent.functions.common.problem;

/**
 * A request (or upload) refused for a known reason: a limit, a setting out of range, a gate of
 * the function, or a model set that is not loaded. {@link CommonProblemMapper} answers it with its
 * {@link ProblemType}; the message is the problem detail, so it names the problem and the field,
 * never a Java class.
 */
public class ProblemException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient ProblemType problem;

    public ProblemException(ProblemType problem, String detail) {
        super(detail);
        this.problem = problem;
    }

    public ProblemException(ProblemType problem, String detail, Throwable cause) {
        super(detail, cause);
        this.problem = problem;
    }

    public ProblemType problem() {
        return problem;
    }
}
