package dev.coherent.functions.common.upload;

import java.util.List;

/**
 * What the upload handler did with one event: an outcome per created object, and the parts of
 * the event it skipped.
 */
public record UploadResponse(List<Outcome> objects, List<String> ignored) {

    /** Outcome labels shared by every function; a processed object gets the processor's own label. */
    public static final String FAILED = "failed";

    public static final String ALREADY_FAILED = "already-failed";
    public static final String IGNORED = "ignored";
    /** Put before the processor's label for a version already processed: {@code already-imputed}. */
    public static final String ALREADY = "already-";

    /**
     * One object: {@code status} is the processor's label ({@code imputed}), {@code already-} and
     * that label, or one of the labels above; {@code outputs} the keys written or found,
     * {@code detail} a sentence for people.
     */
    public record Outcome(String bucket, String key, String status, List<String> outputs, String detail) {}
}
