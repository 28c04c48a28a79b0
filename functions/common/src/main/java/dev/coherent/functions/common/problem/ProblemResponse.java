package dev.coherent.functions.common.problem;

/**
 * An RFC 9457 problem: {@code type} is a stable URI such as {@code /problems/invalid-request}
 * (never a Java class name), {@code detail} says what was wrong and where, {@code instance} is the
 * request path.
 */
public record ProblemResponse(String type, String title, int status, String detail, String instance) {

    public static ProblemResponse of(ProblemType problem, String detail, String instance) {
        return new ProblemResponse(problem.type(), problem.title(), problem.status(), detail, instance);
    }
}
