package dev.coherent.functions.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coherent.functions.common.testing.S3MockResource;
import dev.coherent.functions.common.testing.TestBucket;
import dev.coherent.functions.common.testing.TestModelSet;
import dev.coherent.functions.common.upload.UploadResponse;
import dev.coherent.functions.common.upload.UploadService;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The manifest trigger as deployed by Terraform: the configured set ({@code coherent.models.uri}) in
 * one bucket, its audit reference ({@code coherent.audit.reference-uri}) in another, and the reports
 * under {@code coherent.audit.output-uri} in a third.
 */
@QuarkusTest
@TestProfile(ConfiguredLocationsTriggerTest.SeparateBuckets.class)
@QuarkusTestResource(S3MockResource.class)
class ConfiguredLocationsTriggerTest {
    private static final String SETS = S3MockResource.MODELS_BUCKET;
    private static final String REFERENCES = "audit-references";
    private static final String OUTPUTS = "audit-outputs";
    private static final String SET = "models/served";
    private static final String REFERENCE = "published/served-audit-reference";

    /** The set, its reference and its reports in three buckets. */
    public static class SeparateBuckets implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "coherent.models.uri",
                    "s3://" + SETS + "/" + SET + "/",
                    "coherent.audit.reference-uri",
                    "s3://" + REFERENCES + "/" + REFERENCE,
                    "coherent.audit.output-uri",
                    "s3://" + OUTPUTS + "/audits");
        }
    }

    @ConfigProperty(name = "coherent.s3.endpoint")
    String endpoint;

    @ConfigProperty(name = "quarkus.lambda.mock-event-server.test-port")
    int lambdaPort;

    private S3Client s3;

    @BeforeEach
    void connect() {
        s3 = S3MockResource.client(endpoint);
        for (String bucket : List.of(REFERENCES, OUTPUTS)) {
            try {
                s3.createBucket(b -> b.bucket(bucket));
            } catch (S3Exception e) {
                // Already there (the server is shared by every test class of the JVM).
            }
        }
    }

    @AfterEach
    void close() {
        s3.close();
    }

    private String uploadFolder(Path dir, String bucket, String prefix) throws IOException {
        return new TestBucket(s3, bucket).uploadFolder(dir, prefix);
    }

    private List<String> keys(String bucket, String prefix) {
        return new TestBucket(s3, bucket).keys(prefix);
    }

    private JsonPath invoke(String key, String etag) {
        return TestBucket.invoke(lambdaPort, new TestBucket(s3, SETS).event("s3-put.json", key, etag));
    }

    @Test
    void auditsAgainstTheConfiguredReferenceAndWritesToTheOutputBucketOnce() throws Exception {
        String etag = uploadFolder(TestModelSet.folder(), SETS, SET + "/");
        String manifest = SET + "/manifest.json";
        // No reference at the configured location yet (nor next to the set): the set waits.
        JsonPath waiting = invoke(manifest, etag);
        assertEquals(ManifestTrigger.WAITING, waiting.getString("objects[0].status"), waiting.prettify());
        String detail = waiting.getString("objects[0].detail");
        assertTrue(
                detail.contains("s3://" + REFERENCES + "/" + REFERENCE) && detail.contains("manifest again"), detail);

        uploadFolder(TestModelSet.reference(), REFERENCES, REFERENCE + "/");
        JsonPath r = invoke(manifest, etag);
        assertEquals(ManifestTrigger.AUDITED, r.getString("objects[0].status"), r.prettify());
        String folder = "audits/" + SET + "/audit/";
        assertEquals(
                List.of(
                        "s3://" + OUTPUTS + "/" + folder + "report.html",
                        "s3://" + OUTPUTS + "/" + folder + "report.json"),
                r.getList("objects[0].outputs"));
        assertEquals(List.of(folder + "report.html", folder + "report.json"), keys(OUTPUTS, folder));
        assertTrue(keys(SETS, SET + "/audit/").isEmpty(), "nothing is written next to the set");
        JsonPath report =
                new JsonPath(s3.getObjectAsBytes(b -> b.bucket(OUTPUTS).key(folder + "report.json"))
                        .asString(StandardCharsets.UTF_8));
        assertEquals("test", report.getString("model_set.version"));
        assertEquals(
                "etag:" + etag,
                s3.headObject(b -> b.bucket(OUTPUTS).key(folder + "report.json"))
                        .metadata()
                        .get(UploadService.SOURCE_METADATA));
        Instant written = s3.headObject(b -> b.bucket(OUTPUTS).key(folder + "report.json"))
                .lastModified();

        Thread.sleep(1100);
        JsonPath again = invoke(manifest, etag);
        assertEquals(
                UploadResponse.ALREADY + ManifestTrigger.AUDITED,
                again.getString("objects[0].status"),
                again.prettify());
        assertEquals(
                written,
                s3.headObject(b -> b.bucket(OUTPUTS).key(folder + "report.json"))
                        .lastModified(),
                "the report was rewritten");
        assertEquals(List.of(folder + "report.html", folder + "report.json"), keys(OUTPUTS, folder));
    }
}
