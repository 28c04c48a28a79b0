package dev.coherent.functions.common;

/**
 * A kind of failure answered as {@code application/problem+json}: a stable type URI (never a Java
 * class name), a title and an HTTP status.
 *
 * <p>{@link CommonProblemType} holds the problems every function shares; a function declares its
 * own in an enum implementing this interface (the imputation function's
 * {@code ImputationProblemType}), with type URIs made by {@link #uri(String)}.
 */
public interface ProblemType {

    /** Media type of every error body. */
    String MEDIA_TYPE = "application/problem+json";

    /** The HTTP status, also used for upload error objects. */
    int status();

    /** The stable type URI, e.g. {@code /problems/invalid-request}. */
    String type();

    String title();

    /** The type URI of a problem slug: {@code /problems/<slug>}. */
    static String uri(String slug) {
        return "/problems/" + slug;
    }
}
