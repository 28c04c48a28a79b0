package dev.coherent.functions.common.testing;

import com.adobe.testing.s3mock.S3MockApplication;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Starts S3Mock, a real S3-compatible server, for the functions' tests, with the buckets
 * {@link #UPLOADS_BUCKET} and {@link #MODELS_BUCKET}, and points {@code coherent.s3.*} at it. Shared
 * by every function through functions-common's test jar.
 */
public class S3MockResource implements QuarkusTestResourceLifecycleManager {
    /** Where the upload tests put cohort files. */
    public static final String UPLOADS_BUCKET = "cohort-uploads";
    /** Where the audit tests publish model sets. */
    public static final String MODELS_BUCKET = "model-store";
    /**
     * System property holding the endpoint of the server started in this JVM. S3Mock's Tomcat can
     * start once per JVM only, and every test profile restarts Quarkus (and its test resources in
     * a new class loader), so later starts reuse the first server. It stops with the JVM.
     */
    private static final String ENDPOINT_PROPERTY = "test.s3mock.endpoint";

    @Override
    public Map<String, String> start() {
        String endpoint = System.getProperty(ENDPOINT_PROPERTY);
        if (endpoint == null) {
            endpoint = startServer();
            System.setProperty(ENDPOINT_PROPERTY, endpoint);
        }
        return Map.of(
                "coherent.s3.endpoint",
                endpoint,
                "coherent.s3.region",
                "us-east-1",
                "coherent.s3.path-style",
                "true",
                "coherent.s3.access-key",
                "test",
                "coherent.s3.secret-key",
                "test");
    }

    private static String startServer() {
        // A mutable map: S3Mock removes the keys it consumes.
        Map<String, Object> props = new HashMap<>();
        props.put(S3MockApplication.PROP_HTTP_PORT, 0);
        props.put(S3MockApplication.PROP_HTTPS_PORT, 0);
        props.put(S3MockApplication.PROP_SECURE_CONNECTION, false);
        props.put(S3MockApplication.PROP_SILENT, true);
        props.put(S3MockApplication.PROP_INITIAL_BUCKETS, UPLOADS_BUCKET + "," + MODELS_BUCKET);
        props.put("com.adobe.testing.s3mock.region", "us-east-1");
        props.put("spring.main.banner-mode", "off");
        return "http://localhost:" + S3MockApplication.start(props).getHttpPort();
    }

    @Override
    public void stop() {
        // The server is shared by every Quarkus start of this JVM (see ENDPOINT_PROPERTY).
    }

    /** A client of the running server, for tests to upload inputs and read outputs; the caller closes it. */
    public static S3Client client(String endpoint) {
        return S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .endpointOverride(URI.create(endpoint))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
    }
}
