package dev.coherent.functions.common.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import io.quarkus.test.common.http.TestHTTPResource;
import io.restassured.specification.RequestSpecification;
import java.net.URL;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The health endpoints every function gets from functions-common: ready (and started) once the
 * test model set is loaded, verified and, where the function warms up, warmed up; live regardless,
 * under the function's name. A function's {@code HealthCheckTest} extends it, with
 * {@code @QuarkusTest} and {@link S3MockResource}, and adds what is its own.
 */
public abstract class AbstractHealthCheckTest {
    /** Long enough for a cold load of the test set on a loaded 2-core machine. */
    private static final Duration AWAIT = Duration.ofSeconds(60);

    private final String functionName;

    @TestHTTPResource("/")
    protected URL base;

    /** @param functionName the name the liveness check reports ({@code coherent.function-name}) */
    protected AbstractHealthCheckTest(String functionName) {
        this.functionName = functionName;
    }

    protected RequestSpecification api() {
        return given().baseUri("http://" + base.getHost()).port(base.getPort());
    }

    @Test
    public void readyOnceTheModelSetIsLoaded() throws InterruptedException {
        awaitReady(api());
        api().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks[0].name", equalTo("model-set"))
                .body("checks[0].data.state", equalTo("ready"))
                .body("checks[0].data.version", equalTo("test"))
                .body("checks[0].data.sha256", matchesPattern("[0-9a-f]{64}"));
        api().get("/q/health/started").then().statusCode(200).body("status", equalTo("UP"));
        api().get("/q/health/live")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks[0].name", equalTo(functionName));
    }

    /** Waits (at most a minute) until the function answers ready; the caller asserts on what it finds. */
    public static void awaitReady(RequestSpecification api) throws InterruptedException {
        long deadline = System.nanoTime() + AWAIT.toNanos();
        while (api.get("/q/health/ready").statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
    }

    /** Waits (at most a minute) until loading the model set has failed; the caller asserts on the reason. */
    public static void awaitFailed(RequestSpecification api) throws InterruptedException {
        long deadline = System.nanoTime() + AWAIT.toNanos();
        while (!api.get("/q/health/ready").asString().contains("failed") && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
    }
}
