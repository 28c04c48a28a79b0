package dev.coherent.functions.audit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import dev.coherent.functions.common.testing.S3MockResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.net.URL;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Health: ready once the set is loaded and verified; live regardless. */
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
    void readyOnceTheModelSetIsLoaded() throws InterruptedException {
        awaitReady(api());
        api().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks[0].name", equalTo("model-set"))
                .body("checks[0].data.state", equalTo("ready"))
                .body("checks[0].data.version", equalTo("test"))
                .body("checks[0].data.sha256", matchesPattern("[0-9a-f]{64}"));
        api().get("/q/health/started").then().statusCode(200).body("status", equalTo("UP"));
        api().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks[0].name", equalTo("privacy-audit"));
    }
}
