package dev.coherent.functions.prioritization;

import static dev.coherent.functions.common.testing.Problems.assertProblem;
import static dev.coherent.functions.common.testing.TestPatients.body;
import static dev.coherent.functions.common.testing.TestPatients.list;
import static dev.coherent.functions.common.testing.TestPatients.patient;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.coherent.functions.common.testing.AbstractHealthCheckTest;
import dev.coherent.functions.common.testing.S3MockResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.net.URL;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A model set without a classifier for the configured label is never served: the warm-up fails,
 * so the function stays live, is never ready, and says why.
 */
@QuarkusTest
@TestProfile(NoClassifierTest.OtherLabel.class)
@QuarkusTestResource(S3MockResource.class)
class NoClassifierTest {

    public static class OtherLabel implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("coherent.defaults.label", "grade", "coherent.models.await-timeout", "20s");
        }
    }

    @TestHTTPResource("/")
    URL base;

    private RequestSpecification api() {
        return given().baseUri("http://" + base.getHost()).port(base.getPort());
    }

    @Test
    void notReadyAndRequestsAreRefusedWith503() throws InterruptedException {
        AbstractHealthCheckTest.awaitFailed(api());
        api().get("/q/health/ready")
                .then()
                .statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks[0].data.state", equalTo("failed"))
                .body("checks[0].data.detail", containsString("no classifier for 'grade'"));
        api().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        assertProblem(
                api().contentType(ContentType.JSON)
                        .body(body(list(patient("P1", 0, "cna")), "label", "stage"))
                        .post("/v1/prioritize")
                        .then(),
                503,
                "model-set-unavailable",
                "could not be loaded");
    }
}
