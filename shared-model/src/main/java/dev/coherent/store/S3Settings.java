package dev.coherent.store;

/**
 * How to reach an S3-compatible service.
 *
 * @param endpoint  endpoint override such as {@code http://localhost:9090}; {@code null} for AWS
 * @param region    signing region; {@code null} means {@code us-east-1}
 * @param pathStyle {@code true} for {@code host/bucket/key} addressing, which most
 *                  S3-compatible servers need
 * @param accessKey static access key; {@code null} (with {@code secretKey}) uses the default
 *                  AWS credentials chain
 * @param secretKey static secret key, given together with {@code accessKey}
 */
public record S3Settings(String endpoint, String region, boolean pathStyle, String accessKey, String secretKey) {

    /** Region used when none is given. */
    public static final String DEFAULT_REGION = "us-east-1";

    public S3Settings {
        if (region == null || region.isBlank()) {
            region = DEFAULT_REGION;
        }
        if ((accessKey == null) != (secretKey == null)) {
            throw new IllegalArgumentException("S3 access key and secret key go together: give both or neither");
        }
    }

    /**
     * Settings as a user configures them (CLI options, function configuration): an endpoint
     * override implies path-style addressing, which S3-compatible servers need.
     */
    public static S3Settings configured(
            String endpoint, String region, boolean pathStyle, String accessKey, String secretKey) {
        return new S3Settings(endpoint, region, pathStyle || endpoint != null, accessKey, secretKey);
    }

    /** AWS itself: default region, virtual-host addressing, default credentials chain. */
    public static S3Settings defaults() {
        return new S3Settings(null, null, false, null, null);
    }

    /** Whether static credentials were given. */
    public boolean hasStaticCredentials() {
        return accessKey != null;
    }

    /** Keeps the secret out of logs and exception messages. */
    @Override
    public String toString() {
        return "S3Settings[endpoint=" + endpoint + ", region=" + region + ", pathStyle=" + pathStyle + ", accessKey="
                + accessKey + ", secretKey=" + (secretKey == null ? null : "***") + "]";
    }
}
