package dev.coherent.functions.audit;

import dev.coherent.functions.common.problem.ProblemType;

/**
 * The problems of the privacy-audit function itself; the shared ones (malformed JSON, invalid
 * request, not found, model set unavailable…) are {@link dev.coherent.functions.common.problem.CommonProblemType}.
 */
public final class AuditProblemType {
    public static final ProblemType REFERENCE_UNAVAILABLE =
            ProblemType.of(409, "audit-reference-unavailable", "Audit reference unavailable");
    public static final ProblemType VERSION_NOT_SERVED =
            ProblemType.of(409, "model-set-version-not-served", "Model set version not served");
    public static final ProblemType TOO_MANY_AUDITS = ProblemType.of(429, "too-many-audits", "Too many audits");
    public static final ProblemType STORE_UNAVAILABLE =
            ProblemType.of(503, "audit-store-unavailable", "Audit store unavailable");
    public static final ProblemType INVALID_MODEL_SET =
            ProblemType.of(422, "invalid-model-set", "Model set cannot be audited");

    private AuditProblemType() {}
}
