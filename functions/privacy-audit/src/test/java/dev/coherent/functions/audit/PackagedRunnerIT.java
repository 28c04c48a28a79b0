package dev.coherent.functions.audit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.coherent.functions.common.testing.AbstractHealthCheckTest;
import dev.coherent.functions.common.testing.PackagedRunnerProfile;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The packaged runner jar, as users start it: it loads and verifies the test set and answers its
 * routes with the documented problems (an audit itself runs for minutes; AuditResourceTest covers it).
 */
@QuarkusIntegrationTest
@TestProfile(PackagedRunnerIT.TestSet.class)
class PackagedRunnerIT {

    public static class TestSet implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return PackagedRunnerProfile.config(Map.of());
        }
    }

    @Test
    void theRunnerJarLoadsTheSetAndServesItsRoutes() throws InterruptedException {
        AbstractHealthCheckTest.awaitReady(given());
        given().get("/q/health/ready").then().statusCode(200).body("checks[0].data.state", equalTo("ready"));
        given().get("/v1/audits/00000000-0000-0000-0000-000000000000")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
    }
}
