package dev.coherent.functions.imputation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.coherent.functions.common.ModelSetReadinessHealthCheck;
import dev.coherent.functions.common.ModelSetStatus;
import dev.coherent.functions.common.testing.S3MockResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.net.URL;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

/** Health: ready only once the set is loaded, verified and warmed up; live regardless. */
@QuarkusTest
@QuarkusTestResource(S3MockResource.class)
class HealthCheckTest {
    @TestHTTPResource("/")
    URL base;

    private RequestSpecification api() {
        return given().baseUri("http://" + base.getHost()).port(base.getPort());
    }

    static void awaitReady(RequestSpecification api) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (api.get("/q/health/ready").statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
    }

    @Test
    void readyOnceTheModelSetIsLoadedAndWarmedUp() throws InterruptedException {
        awaitReady(api());
        api().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks[0].name", equalTo("model-set"))
                .body("checks[0].data.state", equalTo("ready"))
                .body("checks[0].data.version", equalTo("test"))
                .body("checks[0].data.sha256", matchesPattern("[0-9a-f]{64}"));
        api().get("/q/health/started").then().statusCode(200).body("status", equalTo("UP"));
        api().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void notReadyWhileLoading() {
        HealthCheckResponse r = ModelSetReadinessHealthCheck.describe(new ModelSetStatus(
                ModelSetStatus.State.LOADING, "s3://models/set", null, null, "loading and verifying", null));
        assertEquals(HealthCheckResponse.Status.DOWN, r.getStatus());
        assertEquals("loading", r.getData().orElseThrow().get("state"));
    }
}
