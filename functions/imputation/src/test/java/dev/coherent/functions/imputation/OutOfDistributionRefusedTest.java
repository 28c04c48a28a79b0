package dev.coherent.functions.imputation;

import static dev.coherent.functions.common.testing.Problems.assertProblem;
import static dev.coherent.functions.common.testing.TestPatients.body;
import static dev.coherent.functions.common.testing.TestPatients.list;
import static dev.coherent.functions.common.testing.TestPatients.patient;
import static dev.coherent.functions.common.testing.TestPatients.values;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.coherent.functions.common.testing.S3MockResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.net.URL;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With {@code coherent.ood.policy=refuse} a patient unlike the training data is a 422 naming it. */
@QuarkusTest
@TestProfile(OutOfDistributionRefusedTest.Refuse.class)
@QuarkusTestResource(S3MockResource.class)
class OutOfDistributionRefusedTest {

    public static class Refuse implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("coherent.ood.policy", "refuse");
        }
    }

    @TestHTTPResource("/")
    URL base;

    private RequestSpecification api() {
        return given().baseUri("http://" + base.getHost()).port(base.getPort()).contentType(ContentType.JSON);
    }

    @Test
    void aPatientInOtherUnitsIsRefusedNamingItAndTheModality() {
        boolean flagged = api().body(body(list(patient("Clean", 1, "rnaseq", "rppa")), "draws", 2))
                .post("/v1/impute")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getBoolean("patients[0].ood.flagged");
        assertFalse(flagged);
        float[] rppa = values(1, "rppa").clone(); // the fixture's row itself must stay as it is
        for (int j = 0; j < rppa.length; j++) {
            rppa[j] *= 50; // another lab's units
        }
        Map<String, Object> broken = new LinkedHashMap<>();
        broken.put("id", "Other-lab");
        broken.put("modalities", Map.of("rnaseq", values(1, "rnaseq"), "rppa", rppa));
        assertProblem(
                api().body(body(List.of(patient("Clean", 1, "rnaseq", "rppa"), broken), "draws", 2))
                        .post("/v1/impute")
                        .then(),
                422,
                "out-of-distribution",
                "patient 'Other-lab': modality 'rppa' is unlike the training data");
    }
}
