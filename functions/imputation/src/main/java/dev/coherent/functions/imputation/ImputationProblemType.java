package dev.coherent.functions.imputation;

import dev.coherent.functions.common.ProblemType;

/**
 * The problems of the imputation function itself; the shared ones (malformed JSON, invalid request,
 * payload too large, model set unavailable…) are {@link dev.coherent.functions.common.CommonProblemType}.
 */
public final class ImputationProblemType {
    public static final ProblemType INVALID_UPLOAD = ProblemType.of(422, "invalid-upload", "Upload cannot be imputed");
    public static final ProblemType UNCONDITIONAL_REFUSED = ProblemType.of(422, "unconditional-generation-refused",
            "Patient without any observed modality");
    public static final ProblemType TOO_MANY_PATIENTS = ProblemType.of(413, "too-many-patients", "Too many patients");

    private ImputationProblemType() {
    }
}
