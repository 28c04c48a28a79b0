package dev.coherent.functions.common.problem;

/**
 * The problems every function answers with, and those of the functions that take patients
 * (imputation and prioritization); the module README lists them.
 */
public final class CommonProblemType {
    public static final ProblemType MALFORMED_JSON = ProblemType.of(400, "malformed-json", "Malformed JSON");
    public static final ProblemType INVALID_REQUEST = ProblemType.of(400, "invalid-request", "Invalid request");
    public static final ProblemType PAYLOAD_TOO_LARGE = ProblemType.of(413, "payload-too-large", "Payload too large");
    public static final ProblemType UNSUPPORTED_MEDIA_TYPE =
            ProblemType.of(415, "unsupported-media-type", "Unsupported media type");
    public static final ProblemType NOT_FOUND = ProblemType.of(404, "not-found", "Not found");
    public static final ProblemType METHOD_NOT_ALLOWED =
            ProblemType.of(405, "method-not-allowed", "Method not allowed");
    public static final ProblemType NOT_ACCEPTABLE = ProblemType.of(406, "not-acceptable", "Not acceptable");
    public static final ProblemType MODEL_SET_UNAVAILABLE =
            ProblemType.of(503, "model-set-unavailable", "Model set unavailable");
    /** A request pinned a model version that is not among the loaded ones. */
    public static final ProblemType MODEL_VERSION_NOT_LOADED =
            ProblemType.of(404, "model-version-not-loaded", "Model version not loaded");
    /** More request bodies arriving at once than {@code coherent.limits.max-body-reads}; retry shortly. */
    public static final ProblemType BUSY = ProblemType.of(503, "busy", "Too many requests in progress");
    /** A request body not complete within {@code coherent.limits.body-read-timeout}. */
    public static final ProblemType REQUEST_TIMEOUT = ProblemType.of(408, "request-timeout", "Request body too slow");

    public static final ProblemType INTERNAL_ERROR = ProblemType.of(500, "internal-error", "Internal error");

    /** A request with more patients than {@code coherent.limits.max-patients}. */
    public static final ProblemType TOO_MANY_PATIENTS = ProblemType.of(413, "too-many-patients", "Too many patients");
    /** The privacy gate: a patient without any observed modality would be unconditional generation. */
    public static final ProblemType UNCONDITIONAL_REFUSED =
            ProblemType.of(422, "unconditional-generation-refused", "Patient without any observed modality");

    private CommonProblemType() {}
}
