package dev.coherent.functions.prioritization;

import dev.coherent.functions.common.ProblemType;

/**
 * The problems of the prioritization function itself; the shared ones (malformed JSON, invalid
 * request, payload too large, model set unavailable…) are
 * {@link dev.coherent.functions.common.CommonProblemType}.
 */
public final class PrioritizationProblemType {
    public static final ProblemType INVALID_UPLOAD = ProblemType.of(422, "invalid-upload",
            "Upload cannot be prioritized");
    public static final ProblemType UNCONDITIONAL_REFUSED = ProblemType.of(422, "unconditional-generation-refused",
            "Patient without any observed modality");
    public static final ProblemType TOO_MANY_PATIENTS = ProblemType.of(413, "too-many-patients", "Too many patients");
    /** The request's label has no classifier in the served model set: the request is fine, the set lacks it. */
    public static final ProblemType NO_CLASSIFIER = ProblemType.of(409, "no-classifier-for-label",
            "No classifier for this label");

    private PrioritizationProblemType() {
    }
}
