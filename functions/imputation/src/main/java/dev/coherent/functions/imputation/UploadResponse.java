package dev.coherent.functions.imputation;

import java.util.List;

/**
 * What the upload handler did with one event: an outcome per created object, and the parts of
 * the event it skipped.
 */
public record UploadResponse(List<Outcome> objects, List<String> ignored) {

    /** Outcome labels. */
    public static final String IMPUTED = "imputed";
    public static final String ALREADY_IMPUTED = "already-imputed";
    public static final String FAILED = "failed";
    public static final String ALREADY_FAILED = "already-failed";
    public static final String IGNORED = "ignored";

    /**
     * One object: {@code status} is one of the labels above, {@code outputs} the keys written or
     * found, {@code detail} a sentence for people.
     */
    public record Outcome(String bucket, String key, String status, List<String> outputs, String detail) {}
}
