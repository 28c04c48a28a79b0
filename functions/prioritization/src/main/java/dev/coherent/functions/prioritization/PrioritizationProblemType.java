package dev.coherent.functions.prioritization;

import dev.coherent.functions.common.ProblemType;

/**
 * The problems of the prioritization function itself; the shared ones (malformed JSON, invalid
 * request, payload too large, model set unavailable…) are
 * {@link dev.coherent.functions.common.CommonProblemType}.
 */
public enum PrioritizationProblemType implements ProblemType {
    INVALID_UPLOAD(422, "invalid-upload", "Upload cannot be prioritized"),
    UNCONDITIONAL_REFUSED(422, "unconditional-generation-refused", "Patient without any observed modality"),
    TOO_MANY_PATIENTS(413, "too-many-patients", "Too many patients"),
    /** The request's label has no classifier in the served model set: the request is fine, the set lacks it. */
    NO_CLASSIFIER(409, "no-classifier-for-label", "No classifier for this label");

    private final int status;
    private final String type;
    private final String title;

    PrioritizationProblemType(int status, String slug, String title) {
        this.status = status;
        this.type = ProblemType.uri(slug);
        this.title = title;
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public String title() {
        return title;
    }
}
