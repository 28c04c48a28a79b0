package dev.coherent.functions.imputation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coherent.functions.common.testing.AbstractHealthCheckTest;
import dev.coherent.functions.common.testing.PackagedRunnerProfile;
import dev.coherent.functions.common.testing.TestPatients;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The packaged runner jar, as users and the GPU image start it ({@code java -jar …-runner.jar}),
 * against the functions' test model set: it starts, loads and verifies the set, and imputes.
 * Catches what the in-process tests cannot: packaging, indexing and resources of the real artifact.
 */
@QuarkusIntegrationTest
@TestProfile(PackagedRunnerIT.TestSet.class)
class PackagedRunnerIT {

    public static class TestSet implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return PackagedRunnerProfile.config(
                    Map.of("coherent.defaults.steps", "10", "coherent.defaults.draws", "4"));
        }
    }

    @Test
    void theRunnerJarLoadsTheSetAndImputes() throws InterruptedException {
        AbstractHealthCheckTest.awaitReady(given());
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        JsonPath r = given().contentType(ContentType.JSON)
                .body(TestPatients.body(List.of(TestPatients.patient("P1", 0, "cna", "rnaseq")), "seed", 7))
                .post("/v1/impute")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(
                List.of("rppa", "wsi"),
                List.copyOf(r.getMap("patients[0].imputed").keySet()));
        List<Float> mean = r.getList("patients[0].imputed.wsi.mean", Float.class);
        assertEquals(32, mean.size());
        assertTrue(mean.stream().allMatch(Float::isFinite), "finite means");
    }
}
