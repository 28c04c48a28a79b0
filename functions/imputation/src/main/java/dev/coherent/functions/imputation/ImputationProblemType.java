package dev.coherent.functions.imputation;

import dev.coherent.functions.common.ProblemType;

/**
 * The problems of the imputation function itself; the shared ones (malformed JSON, invalid request,
 * payload too large, model set unavailable…) are {@link dev.coherent.functions.common.CommonProblemType}.
 */
public enum ImputationProblemType implements ProblemType {
    INVALID_UPLOAD(422, "invalid-upload", "Upload cannot be imputed"),
    UNCONDITIONAL_REFUSED(422, "unconditional-generation-refused", "Patient without any observed modality"),
    TOO_MANY_PATIENTS(413, "too-many-patients", "Too many patients");

    private final int status;
    private final String type;
    private final String title;

    ImputationProblemType(int status, String slug, String title) {
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
