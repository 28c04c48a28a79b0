package dev.coherent.functions.imputation;

import static dev.coherent.functions.common.testing.Problems.assertProblem;
import static dev.coherent.functions.common.testing.TestPatients.body;
import static dev.coherent.functions.common.testing.TestPatients.list;
import static dev.coherent.functions.common.testing.TestPatients.patient;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coherent.functions.common.testing.AbstractHealthCheckTest;
import dev.coherent.functions.common.testing.S3MockResource;
import dev.coherent.functions.common.testing.TestModelSet;
import dev.coherent.functions.common.testing.TestPatients;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** A model set with one flipped byte: the function starts, stays live, is never ready, and answers 503. */
@QuarkusTest
@TestProfile(TamperedModelSetTest.Tampered.class)
@QuarkusTestResource(S3MockResource.class)
class TamperedModelSetTest {

    /** Serves a copy of the test set with one byte of a weights file flipped. */
    public static class Tampered implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // In this module's build folder: the test set is shared with the other functions' builds.
            Path copy = Path.of(System.getProperty("test.build.dir", "target"), "tampered-model-set")
                    .toAbsolutePath();
            try {
                TestModelSet.copyTo(copy);
                Path weights;
                try (Stream<Path> walk = Files.walk(copy.resolve("models"))) {
                    weights = walk.filter(p -> p.getFileName().toString().startsWith("variables.data"))
                            .findFirst()
                            .orElseThrow();
                }
                byte[] bytes = Files.readAllBytes(weights);
                bytes[bytes.length / 2] ^= 0x01;
                Files.write(weights, bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of("coherent.models.uri", copy.toString(), "coherent.models.await-timeout", "20s");
        }
    }

    @TestHTTPResource("/")
    java.net.URL base;

    private RequestSpecification api() {
        return given().baseUri("http://" + base.getHost()).port(base.getPort());
    }

    @Test
    void staysLiveButNeverReadyAndRefusesRequests() throws InterruptedException {
        AbstractHealthCheckTest.awaitFailed(api());
        api().get("/q/health/ready")
                .then()
                .statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks[0].data.state", equalTo("failed"))
                .body("checks[0].data.detail", containsString("failed its integrity check"));
        api().get("/q/health/started").then().statusCode(503);
        api().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        assertProblem(
                api().contentType(ContentType.JSON)
                        .body(body(list(patient("P1", 0, "cna"))))
                        .post("/v1/impute")
                        .then(),
                503,
                "model-set-unavailable",
                "could not be loaded");
        assertProblem(api().get("/v1/models").then(), 503, "model-set-unavailable", "could not be loaded");
    }

    @ConfigProperty(name = "coherent.s3.endpoint")
    String endpoint;

    @ConfigProperty(name = "quarkus.lambda.mock-event-server.test-port")
    int lambdaPort;

    @Test
    void anUploadFailsSoThatLambdaRetriesAndNoErrorObjectIsWritten() throws Exception {
        String key = "uploads/while-broken.tsv";
        try (S3Client s3 = S3MockResource.client(endpoint)) {
            String etag = s3.putObject(
                            b -> b.bucket(S3MockResource.UPLOADS_BUCKET).key(key),
                            RequestBody.fromString(TestPatients.table('\t', List.of("T1"), List.of(List.of("cna")))))
                    .eTag()
                    .replace("\"", "");
            String event = "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\""
                    + S3MockResource.UPLOADS_BUCKET + "\"},\"object\":{\"key\":\"" + key + "\",\"eTag\":\"" + etag
                    + "\"}}}]}";
            // A failure worth retrying escapes the handler: Lambda reports it and retries (bounded).
            given().port(lambdaPort)
                    .contentType(ContentType.JSON)
                    .body(event)
                    .post("/")
                    .then()
                    .statusCode(500)
                    .body("errorMessage", containsString("could not be loaded"));
            assertTrue(s3.listObjectsV2(
                            b -> b.bucket(S3MockResource.UPLOADS_BUCKET).prefix("errors/while-broken"))
                    .contents()
                    .isEmpty());
        }
    }
}
