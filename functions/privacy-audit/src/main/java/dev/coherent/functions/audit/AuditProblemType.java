package dev.coherent.functions.audit;

import dev.coherent.functions.common.ProblemType;

/**
 * The problems of the privacy-audit function itself; the shared ones (malformed JSON, invalid
 * request, not found, model set unavailable…) are {@link dev.coherent.functions.common.CommonProblemType}.
 */
public enum AuditProblemType implements ProblemType {
    REFERENCE_UNAVAILABLE(409, "audit-reference-unavailable", "Audit reference unavailable"),
    VERSION_NOT_SERVED(409, "model-set-version-not-served", "Model set version not served"),
    TOO_MANY_AUDITS(429, "too-many-audits", "Too many audits"),
    STORE_UNAVAILABLE(503, "audit-store-unavailable", "Audit store unavailable"),
    INVALID_MODEL_SET(422, "invalid-model-set", "Model set cannot be audited");

    private final int status;
    private final String type;
    private final String title;

    AuditProblemType(int status, String slug, String title) {
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
