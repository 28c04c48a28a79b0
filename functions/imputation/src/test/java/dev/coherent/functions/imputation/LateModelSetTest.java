package dev.coherent.functions.imputation;

import static dev.coherent.functions.common.testing.TestPatients.body;
import static dev.coherent.functions.common.testing.TestPatients.list;
import static dev.coherent.functions.common.testing.TestPatients.patient;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.coherent.functions.common.testing.AbstractHealthCheckTest;
import dev.coherent.functions.common.testing.S3MockResource;
import dev.coherent.functions.common.testing.TestModelSet;
import dev.coherent.store.ModelStores;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The model set is not there when the function starts (a store that is unreachable, a set not yet
 * published): the load is retried with backoff, the function is not ready meanwhile, liveness fails
 * once it has gone {@code coherent.models.live-without-set} without a set, and the set is served as
 * soon as it appears, without a restart.
 */
@QuarkusTest
@TestProfile(LateModelSetTest.Late.class)
@QuarkusTestResource(S3MockResource.class)
class LateModelSetTest {
    static final Path FOLDER = Path.of(System.getProperty("test.build.dir", "target"), "late-model-set")
            .toAbsolutePath();

    /** Serves a folder that is empty at startup; retries quickly; liveness fails after 2 s without a set. */
    public static class Late implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                ModelStores.deleteTree(FOLDER);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of(
                    "coherent.models.uri",
                    FOLDER.toString(),
                    "coherent.models.await-timeout",
                    "1s",
                    "coherent.models.retry-delay",
                    "100ms",
                    "coherent.models.max-retry-delay",
                    "500ms",
                    "coherent.models.live-without-set",
                    "2s");
        }
    }

    @TestHTTPResource("/")
    URL base;

    private RequestSpecification api() {
        return given().baseUri("http://" + base.getHost()).port(base.getPort());
    }

    @Test
    void isServedOnceTheSetAppearsAndIsNotLiveWithoutIt() throws Exception {
        AbstractHealthCheckTest.awaitFailed(api());
        api().get("/q/health/ready")
                .then()
                .statusCode(503)
                .body("checks[0].data.state", equalTo("failed"))
                .body("checks[0].data.detail", containsString("retrying in"));
        Thread.sleep(2100);
        api().get("/q/health/live")
                .then()
                .statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks[0].data.detail", containsString("no servable model set"));
        api().contentType(ContentType.JSON)
                .body(body(list(patient("P1", 0, "rnaseq"))))
                .post("/v1/impute")
                .then()
                .statusCode(503);

        // The set is published (copied aside, then moved in at once, as a store upload would appear).
        Path staging = FOLDER.resolveSibling("late-model-set.staging");
        TestModelSet.copyTo(staging);
        Files.move(staging, FOLDER, StandardCopyOption.ATOMIC_MOVE);

        AbstractHealthCheckTest.awaitReady(api());
        api().get("/q/health/ready").then().statusCode(200).body("checks[0].data.state", equalTo("ready"));
        api().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        api().contentType(ContentType.JSON)
                .body(body(list(patient("P1", 0, "rnaseq"))))
                .post("/v1/impute")
                .then()
                .statusCode(200);
    }
}
