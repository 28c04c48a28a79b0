package dev.coherent.functions.imputation;

/**
 * A request (or upload) this function refuses for a reason of its own: the privacy gate, a limit,
 * a setting out of range, or a model set that is not loaded. The message is the problem detail.
 */
public class ImputationRejectedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ProblemType problem;

    public ImputationRejectedException(ProblemType problem, String detail) {
        super(detail);
        this.problem = problem;
    }

    public ImputationRejectedException(ProblemType problem, String detail, Throwable cause) {
        super(detail, cause);
        this.problem = problem;
    }

    public ProblemType problem() {
        return problem;
    }
}
