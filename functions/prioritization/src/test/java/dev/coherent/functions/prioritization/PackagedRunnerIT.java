package dev.coherent.functions.prioritization;

import static dev.coherent.functions.common.testing.TestPatients.body;
import static dev.coherent.functions.common.testing.TestPatients.list;
import static dev.coherent.functions.common.testing.TestPatients.patient;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.coherent.functions.common.testing.AbstractHealthCheckTest;
import dev.coherent.functions.common.testing.PackagedRunnerProfile;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The packaged runner jar, as users start it: it loads the test set and ranks patients. */
@QuarkusIntegrationTest
@TestProfile(PackagedRunnerIT.TestSet.class)
class PackagedRunnerIT {

    public static class TestSet implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return PackagedRunnerProfile.config(Map.of("coherent.defaults.steps", "5", "coherent.defaults.draws", "4"));
        }
    }

    @Test
    void theRunnerJarLoadsTheSetAndRanks() throws InterruptedException {
        AbstractHealthCheckTest.awaitReady(given());
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        JsonPath r = given().contentType(ContentType.JSON)
                .body(body(list(patient("P1", 0, "rnaseq", "rppa"), patient("P2", 1, "cna")), "seed", 7))
                .post("/v1/prioritize")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals("stage", r.getString("label"));
        assertEquals(2 + 3, r.getList("ranking").size(), "every missing modality of every patient");
    }
}
