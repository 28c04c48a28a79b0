package dev.coherent.functions.audit;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coherent.functions.common.UploadResponse;
import dev.coherent.functions.common.UploadService;
import dev.coherent.functions.common.testing.S3MockResource;
import dev.coherent.functions.common.testing.TestModelSet;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

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

    @BeforeEach
    void connect() {
        s3 = S3MockResource.client(endpoint);
    }

    @AfterEach
    void close() {
        s3.close();
    }

    /** Uploads every file of a local folder under a prefix, manifest.json last (as a model store publishes). */
    private String uploadFolder(Path dir, String prefix) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).sorted((a, b) -> Boolean.compare(
                    a.getFileName().toString().equals("manifest.json"), b.getFileName().toString().equals("manifest.json")))
                    .toList();
        }
        String etag = null;
        for (Path f : files) {
            String key = prefix + dir.relativize(f).toString().replace('\\', '/');
            etag = s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromFile(f)).eTag().replace("\"", "");
        }
        return etag;
    }

    private String put(String key, String content) {
        return s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString(content)).eTag().replace("\"", "");
    }

    private String read(String key) {
        return s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asString(StandardCharsets.UTF_8);
    }

    private HeadObjectResponse head(String key) {
        return s3.headObject(b -> b.bucket(BUCKET).key(key));
    }

    private List<String> keys(String prefix) {
        return s3.listObjectsV2(b -> b.bucket(BUCKET).prefix(prefix)).contents().stream().map(S3Object::key).toList();
    }

    private static String event(String template, String key, String etag) throws IOException {
        try (InputStream in = PrivacyAuditS3HandlerTest.class.getResourceAsStream("/events/" + template)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${bucket}", BUCKET)
                    .replace("${key}", key).replace("${etag}", etag);
        }
    }

    /** Posts an event to the Lambda mock event server and returns the handler's answer. */
    private JsonPath invoke(String event) {
        return given().port(lambdaPort).contentType(ContentType.JSON).body(event).post("/").then().statusCode(200)
                .extract().jsonPath();
    }

    @Test
    void auditsAnUploadedModelSetOnceAndARedeliveryWritesNothingNew() throws Exception {
        uploadFolder(TestModelSet.reference(), "models/set1-audit-reference/");
        String etag = uploadFolder(TestModelSet.folder(), "models/set1/");
        String event = event("s3-put.json", "models/set1/manifest.json", etag);

        JsonPath r = invoke(event);
        assertEquals(ManifestTrigger.AUDITED, r.getString("objects[0].status"), r.prettify());
        assertEquals(List.of("models/set1/audit/report.html", "models/set1/audit/report.json"),
                r.getList("objects[0].outputs"));
        JsonPath report = new JsonPath(read("models/set1/audit/report.json"));
        assertEquals("test", report.getString("model_set.version"));
        assertEquals(8, report.getList("results").size());
        for (String metric : List.of("precision", "recall", "f1", "energy_distance", "dcr_closer_to_train_share",
                "mia_auc")) {
            assertEquals(8, report.getList("results." + metric).size(), metric);
        }
        assertTrue(r.getString("objects[0].detail").startsWith("verdict "
                + (report.getBoolean("verdict.pass") ? "PASS" : "FAIL")));
        assertTrue(read("models/set1/audit/report.html").contains("<svg"));
        assertEquals("etag:" + etag, head("models/set1/audit/report.json").metadata().get(UploadService.SOURCE_METADATA));
        Instant written = head("models/set1/audit/report.json").lastModified();

        Thread.sleep(1100);
        JsonPath again = invoke(event);
        assertEquals(UploadResponse.ALREADY + ManifestTrigger.AUDITED, again.getString("objects[0].status"));
        assertEquals(written, head("models/set1/audit/report.json").lastModified(), "the report was rewritten");
        assertEquals(List.of("models/set1/audit/report.html", "models/set1/audit/report.json"),
                keys("models/set1/audit/"));
    }

    @Test
    void aSetWaitsForItsReferenceWhoseUploadTriggersTheAudit() throws Exception {
        String etag = uploadFolder(TestModelSet.folder(), "models/set2/");
        JsonPath first = invoke(event("eventbridge-object-created.json", "models/set2/manifest.json", etag));
        assertEquals(ManifestTrigger.WAITING, first.getString("objects[0].status"), first.prettify());
        assertTrue(keys("models/set2/audit/").isEmpty());

        uploadFolder(TestModelSet.reference(), "models/set2-audit-reference/");
        String refEtag = head("models/set2-audit-reference/reference.json").eTag().replace("\"", "");
        JsonPath r = invoke(event("s3-put.json", "models/set2-audit-reference/reference.json", refEtag));
        assertEquals(ManifestTrigger.AUDITED, r.getString("objects[0].status"), r.prettify());
        assertEquals(List.of("models/set2/audit/report.html", "models/set2/audit/report.json"),
                keys("models/set2/audit/"));
        // Another file of the reference arriving later finds the set audited.
        String trainEtag = head("models/set2-audit-reference/train.tsv").eTag().replace("\"", "");
        assertEquals(UploadResponse.ALREADY + ManifestTrigger.AUDITED, invoke(event("s3-put.json",
                "models/set2-audit-reference/train.tsv", trainEtag)).getString("objects[0].status"));
    }

    @Test
    void aBadManifestGetsAnErrorObjectOnce() throws Exception {
        uploadFolder(TestModelSet.reference(), "models/bad-audit-reference/");
        String etag = put("models/bad/manifest.json", "{\"format\": \"not a model set\"");
        String event = event("s3-put.json", "models/bad/manifest.json", etag);

        JsonPath r = invoke(event);
        assertEquals(UploadResponse.FAILED, r.getString("objects[0].status"), r.prettify());
        assertEquals(List.of("models/bad/audit/error.json"), r.getList("objects[0].outputs"));
        JsonPath error = new JsonPath(read("models/bad/audit/error.json"));
        assertEquals("/problems/invalid-model-set", error.getString("type"));
        assertEquals(422, error.getInt("status"));
        // The detail names the set by its S3 URI, not by the function's local copy.
        assertTrue(error.getString("detail").startsWith("s3://" + BUCKET + "/models/bad/manifest.json: not a valid"
                + " model set manifest"), error.getString("detail"));
        assertEquals("s3://" + BUCKET + "/models/bad/manifest.json", error.getString("instance"));
        assertEquals(etag, error.getString("source.etag"));
        assertFalse(error.prettify().contains("Exception"));

        JsonPath again = invoke(event);
        assertEquals(UploadResponse.ALREADY_FAILED, again.getString("objects[0].status"));
        assertEquals(List.of("models/bad/audit/error.json"), keys("models/bad/audit/"));
    }

    @Test
    void aTamperedModelSetGetsAnErrorObject() throws Exception {
        uploadFolder(TestModelSet.reference(), "models/tampered-audit-reference/");
        uploadFolder(TestModelSet.folder(), "models/tampered/");
        String weights = keys("models/tampered/models/").stream().filter(k -> k.contains("variables.data"))
                .findFirst().orElseThrow();
        byte[] bytes = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(weights)).asByteArray();
        bytes[bytes.length / 2] ^= 1;
        s3.putObject(b -> b.bucket(BUCKET).key(weights), RequestBody.fromBytes(bytes));
        String etag = head("models/tampered/manifest.json").eTag().replace("\"", "");

        JsonPath r = invoke(event("s3-put.json", "models/tampered/manifest.json", etag));
        assertEquals(UploadResponse.FAILED, r.getString("objects[0].status"), r.prettify());
        JsonPath error = new JsonPath(read("models/tampered/audit/error.json"));
        assertTrue(error.getString("detail").contains("failed its integrity check"), error.getString("detail"));
    }

    @Test
    void ignoresOtherObjectsAndEvents() throws Exception {
        assertEquals(UploadResponse.IGNORED, invoke(event("s3-put.json", "models/set9/models/x/model.json", "e"))
                .getString("objects[0].status"));
        assertEquals(UploadResponse.IGNORED, invoke(event("s3-put.json", "elsewhere/manifest.json", "e"))
                .getString("objects[0].status"));
        assertEquals(UploadResponse.IGNORED, invoke(event("s3-put.json", "models/set9/audit/report.json", "e"))
                .getString("objects[0].status"));
        JsonPath r = invoke("{\"hello\": \"world\"}");
        assertTrue(r.getList("objects").isEmpty());
        assertEquals(List.of("not an S3, EventBridge, SQS or SNS event"), r.getList("ignored"));
    }
}
