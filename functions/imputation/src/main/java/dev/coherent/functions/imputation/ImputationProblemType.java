package dev.coherent.functions.imputation;

import dev.coherent.functions.common.problem.ProblemType;

/**
 * The problems of the imputation function itself; the shared ones (malformed JSON, invalid request,
 * payload too large, too many patients, the privacy gate, model set unavailable…) are
 * {@link dev.coherent.functions.common.problem.CommonProblemType}.
 */
public final class ImputationProblemType {
    public static final ProblemType INVALID_UPLOAD = ProblemType.of(422, "invalid-upload", "Upload cannot be imputed");
    /** A patient's provided modality is unlike the training data and {@code coherent.ood.policy} is refuse. */
    public static final ProblemType OUT_OF_DISTRIBUTION =
            ProblemType.of(422, "out-of-distribution", "Input unlike the training data");

    private ImputationProblemType() {}
}
