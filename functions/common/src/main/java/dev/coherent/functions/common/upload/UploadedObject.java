package dev.coherent.functions.common.upload;

/**
 * One object an S3 event says was created.
 *
 * @param key the object key, URL-decoded where the event encodes it
 * @param otherKey another reading of the key to try when {@code key} does not exist (the raw or
 *     decoded form, for event shapes whose encoding is not documented), or {@code null}
 * @param versionId the object version, {@code null} in an unversioned bucket
 * @param etag the object's ETag as the event gives it, or {@code null}
 */
public record UploadedObject(String bucket, String key, String otherKey, String versionId, String etag) {

    /**
     * Whether {@code current}, the object as it is now, is a newer upload than the one the event
     * announced: only the ETag tells, in an unversioned bucket (the newer upload has its own event).
     */
    public boolean supersededBy(S3Storage.ObjectInfo current) {
        return versionId == null
                && etag != null
                && current.etag() != null
                && !S3Storage.unquote(etag).equals(current.etag());
    }

    /** {@code s3://bucket/key}, for messages. */
    public String uri() {
        return "s3://" + bucket + "/" + key;
    }
}
