package dev.coherent.functions.imputation;

/**
 * The problems this function answers with, as {@code application/problem+json}: a stable type URI,
 * a title and an HTTP status. {@code docs} of the README list them.
 */
public enum ProblemType {
    MALFORMED_JSON(400, "malformed-json", "Malformed JSON"),
    INVALID_REQUEST(400, "invalid-request", "Invalid request"),
    INVALID_UPLOAD(422, "invalid-upload", "Upload cannot be imputed"),
    UNCONDITIONAL_REFUSED(422, "unconditional-generation-refused", "Patient without any observed modality"),
    TOO_MANY_PATIENTS(413, "too-many-patients", "Too many patients"),
    PAYLOAD_TOO_LARGE(413, "payload-too-large", "Payload too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported media type"),
    NOT_FOUND(404, "not-found", "Not found"),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed"),
    NOT_ACCEPTABLE(406, "not-acceptable", "Not acceptable"),
    MODEL_SET_UNAVAILABLE(503, "model-set-unavailable", "Model set unavailable"),
    INTERNAL_ERROR(500, "internal-error", "Internal error");

    /** Media type of every error body. */
    public static final String MEDIA_TYPE = "application/problem+json";

    private final int status;
    private final String type;
    private final String title;

    ProblemType(int status, String slug, String title) {
        this.status = status;
        this.type = "/problems/" + slug;
        this.title = title;
    }

    public int status() {
        return status;
    }

    /** The stable type URI, e.g. {@code /problems/invalid-request}. */
    public String type() {
        return type;
    }

    public String title() {
        return title;
    }
}
