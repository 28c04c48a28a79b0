package dev.coherent.functions.common.problem;

/**
 * A kind of failure answered as {@code application/problem+json}: a stable type URI (never a Java
 * class name), a title and an HTTP status.
 *
 * <p>{@link CommonProblemType} holds the problems every function shares; a function declares its
 * own as constants made by {@link #of} in a class of its own (the imputation function's
 * {@code ImputationProblemType}).
 *
 * @param status the HTTP status, also used for upload error objects
 * @param type the stable type URI, e.g. {@code /problems/invalid-request}
 * @param title the same for every problem of this type
 */
public record ProblemType(int status, String type, String title) {

    /** Media type of every error body. */
    public static final String MEDIA_TYPE = "application/problem+json";

    /** The problem type of a slug, with the type URI {@code /problems/<slug>}. */
    public static ProblemType of(int status, String slug, String title) {
        return new ProblemType(status, uri(slug), title);
    }

    /** The type URI of a problem slug: {@code /problems/<slug>}. */
    public static String uri(String slug) {
        return "/problems/" + slug;
    }
}
