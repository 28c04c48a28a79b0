package dev.coherent.functions.prioritization;

import dev.coherent.functions.common.problem.ProblemType;

/**
 * The problems of the prioritization function itself; the shared ones (malformed JSON, invalid
 * request, payload too large, too many patients, the privacy gate, model set unavailable…) are
 * {@link dev.coherent.functions.common.problem.CommonProblemType}.
 */
public final class PrioritizationProblemType {
    public static final ProblemType INVALID_UPLOAD =
            ProblemType.of(422, "invalid-upload", "Upload cannot be prioritized");
    /** The request's label has no classifier in the served model set: the request is fine, the set lacks it. */
    public static final ProblemType NO_CLASSIFIER =
            ProblemType.of(409, "no-classifier-for-label", "No classifier for this label");

    private PrioritizationProblemType() {}
}
