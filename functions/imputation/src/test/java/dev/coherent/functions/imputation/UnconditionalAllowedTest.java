package dev.coherent.functions.imputation;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.coherent.functions.common.testing.S3MockResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With {@code coherent.privacy.allow-unconditional=true} a patient without modalities is generated. */
@QuarkusTest
@TestProfile(UnconditionalAllowedTest.Allowed.class)
@QuarkusTestResource(S3MockResource.class)
class UnconditionalAllowedTest {

    public static class Allowed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("coherent.privacy.allow-unconditional", "true");
        }
    }

    @TestHTTPResource("/")
    URL base;

    @Test
    void generatesEveryModalityForAPatientWithoutAny() {
        JsonPath r = given().baseUri("http://" + base.getHost())
                .port(base.getPort())
                .contentType(ContentType.JSON)
                .body(Map.of("patients", List.of(Map.of("id", "Ghost", "modalities", Map.of())), "draws", 2))
                .post("/v1/impute")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(
                List.of("cna", "rnaseq", "rppa", "wsi"),
                new ArrayList<>(r.getMap("patients[0].imputed").keySet()));
    }
}
