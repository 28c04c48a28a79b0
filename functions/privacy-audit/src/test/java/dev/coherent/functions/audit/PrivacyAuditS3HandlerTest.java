package dev.coherent.functions.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coherent.functions.common.testing.S3MockResource;
import dev.coherent.functions.common.testing.TestBucket;
import dev.coherent.functions.common.testing.TestModelSet;
import dev.coherent.functions.common.upload.UploadResponse;
import dev.coherent.functions.common.upload.UploadService;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The manifest trigger: S3 and EventBridge events posted to the Lambda mock event server, against
 * S3Mock holding copies of the test set and its audit reference. Reports are written once per
 * manifest version, a set waits for its reference, and a bad manifest gets an error object once.
 */
@QuarkusTest
@QuarkusTestResource(S3MockResource.class)
class PrivacyAuditS3HandlerTest {
    private static final String BUCKET = S3MockResource.MODELS_BUCKET;

    @ConfigProperty(name = "coherent.s3.endpoint")
    String endpoint;

    @ConfigProperty(name = "quarkus.lambda.mock-event-server.test-port")
    int lambdaPort;

    private S3Client s3;
    private TestBucket bucket;

    @BeforeEach
    void connect() {
        s3 = S3MockResource.client(endpoint);
        bucket = new TestBucket(s3, BUCKET);
    }

    @AfterEach
    void close() {
        s3.close();
    }

    @Test
    void auditsAnUploadedModelSetOnceAndARedeliveryWritesNothingNew() throws Exception {
        bucket.uploadFolder(TestModelSet.reference(), "models/set1-audit-reference/");
        String etag = bucket.uploadFolder(TestModelSet.folder(), "models/set1/");
        String event = bucket.event("s3-put.json", "models/set1/manifest.json", etag);

        JsonPath r = TestBucket.invoke(lambdaPort, event);
        assertEquals(ManifestTrigger.AUDITED, r.getString("objects[0].status"), r.prettify());
        assertEquals(
                List.of("models/set1/audit/report.html", "models/set1/audit/report.json"),
                r.getList("objects[0].outputs"));
        JsonPath report = new JsonPath(bucket.readString("models/set1/audit/report.json"));
        assertEquals("test", report.getString("model_set.version"));
        assertEquals(12, report.getList("results").size());
        for (String metric :
                List.of("precision", "recall", "f1", "energy_distance", "dcr_closer_to_train_share", "mia_auc")) {
            assertEquals(12, report.getList("results." + metric).size(), metric);
        }
        assertTrue(r.getString("objects[0].detail")
                .startsWith("verdict " + (report.getBoolean("verdict.pass") ? "PASS" : "FAIL")));
        assertTrue(bucket.readString("models/set1/audit/report.html").contains("<svg"));
        assertEquals(
                "etag:" + etag,
                bucket.head("models/set1/audit/report.json").metadata().get(UploadService.SOURCE_METADATA));
        Instant written = bucket.head("models/set1/audit/report.json").lastModified();

        Thread.sleep(1100);
        JsonPath again = TestBucket.invoke(lambdaPort, event);
        assertEquals(UploadResponse.ALREADY + ManifestTrigger.AUDITED, again.getString("objects[0].status"));
        assertEquals(written, bucket.head("models/set1/audit/report.json").lastModified(), "the report was rewritten");
        assertEquals(
                List.of("models/set1/audit/report.html", "models/set1/audit/report.json"),
                bucket.keys("models/set1/audit/"));
    }

    @Test
    void aSetWaitsForItsReferenceWhoseUploadTriggersTheAudit() throws Exception {
        String etag = bucket.uploadFolder(TestModelSet.folder(), "models/set2/");
        JsonPath first = TestBucket.invoke(
                lambdaPort, bucket.event("eventbridge-object-created.json", "models/set2/manifest.json", etag));
        assertEquals(ManifestTrigger.WAITING, first.getString("objects[0].status"), first.prettify());
        assertTrue(bucket.keys("models/set2/audit/").isEmpty());

        bucket.uploadFolder(TestModelSet.reference(), "models/set2-audit-reference/");
        String refEtag =
                bucket.head("models/set2-audit-reference/reference.json").eTag().replace("\"", "");
        JsonPath r = TestBucket.invoke(
                lambdaPort, bucket.event("s3-put.json", "models/set2-audit-reference/reference.json", refEtag));
        assertEquals(ManifestTrigger.AUDITED, r.getString("objects[0].status"), r.prettify());
        assertEquals(
                List.of("models/set2/audit/report.html", "models/set2/audit/report.json"),
                bucket.keys("models/set2/audit/"));
        // Another file of the reference arriving later finds the set audited.
        String trainEtag =
                bucket.head("models/set2-audit-reference/train.tsv").eTag().replace("\"", "");
        assertEquals(
                UploadResponse.ALREADY + ManifestTrigger.AUDITED,
                TestBucket.invoke(
                                lambdaPort,
                                bucket.event("s3-put.json", "models/set2-audit-reference/train.tsv", trainEtag))
                        .getString("objects[0].status"));
    }

    @Test
    void aBadManifestGetsAnErrorObjectOnce() throws Exception {
        bucket.uploadFolder(TestModelSet.reference(), "models/bad-audit-reference/");
        String etag = bucket.put("models/bad/manifest.json", "{\"format\": \"not a model set\"");
        String event = bucket.event("s3-put.json", "models/bad/manifest.json", etag);

        JsonPath r = TestBucket.invoke(lambdaPort, event);
        assertEquals(UploadResponse.FAILED, r.getString("objects[0].status"), r.prettify());
        assertEquals(List.of("models/bad/audit/error.json"), r.getList("objects[0].outputs"));
        JsonPath error = new JsonPath(bucket.readString("models/bad/audit/error.json"));
        assertEquals("/problems/invalid-model-set", error.getString("type"));
        assertEquals(422, error.getInt("status"));
        // The detail names the set by its S3 URI, not by the function's local copy.
        assertTrue(
                error.getString("detail")
                        .startsWith("s3://" + BUCKET + "/models/bad/manifest.json: not a valid model set manifest"),
                error.getString("detail"));
        assertEquals("s3://" + BUCKET + "/models/bad/manifest.json", error.getString("instance"));
        assertEquals(etag, error.getString("source.etag"));
        assertFalse(error.prettify().contains("Exception"));

        JsonPath again = TestBucket.invoke(lambdaPort, event);
        assertEquals(UploadResponse.ALREADY_FAILED, again.getString("objects[0].status"));
        assertEquals(List.of("models/bad/audit/error.json"), bucket.keys("models/bad/audit/"));
    }

    @Test
    void aTamperedModelSetGetsAnErrorObject() throws Exception {
        bucket.uploadFolder(TestModelSet.reference(), "models/tampered-audit-reference/");
        bucket.uploadFolder(TestModelSet.folder(), "models/tampered/");
        String weights = bucket.keys("models/tampered/models/").stream()
                .filter(k -> k.contains("variables.data"))
                .findFirst()
                .orElseThrow();
        byte[] bytes = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(weights)).asByteArray();
        bytes[bytes.length / 2] ^= 1;
        s3.putObject(b -> b.bucket(BUCKET).key(weights), RequestBody.fromBytes(bytes));
        String etag = bucket.head("models/tampered/manifest.json").eTag().replace("\"", "");

        JsonPath r = TestBucket.invoke(lambdaPort, bucket.event("s3-put.json", "models/tampered/manifest.json", etag));
        assertEquals(UploadResponse.FAILED, r.getString("objects[0].status"), r.prettify());
        JsonPath error = new JsonPath(bucket.readString("models/tampered/audit/error.json"));
        assertTrue(error.getString("detail").contains("failed its integrity check"), error.getString("detail"));
    }

    @Test
    void ignoresOtherObjectsAndEvents() throws Exception {
        assertEquals(
                UploadResponse.IGNORED,
                TestBucket.invoke(lambdaPort, bucket.event("s3-put.json", "models/set9/models/x/model.json", "e"))
                        .getString("objects[0].status"));
        assertEquals(
                UploadResponse.IGNORED,
                TestBucket.invoke(lambdaPort, bucket.event("s3-put.json", "elsewhere/manifest.json", "e"))
                        .getString("objects[0].status"));
        assertEquals(
                UploadResponse.IGNORED,
                TestBucket.invoke(lambdaPort, bucket.event("s3-put.json", "models/set9/audit/report.json", "e"))
                        .getString("objects[0].status"));
        JsonPath r = TestBucket.invoke(lambdaPort, "{\"hello\": \"world\"}");
        assertTrue(r.getList("objects").isEmpty());
        assertEquals(List.of("not an S3, EventBridge, SQS or SNS event"), r.getList("ignored"));
    }
}
