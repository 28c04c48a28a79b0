package dev.coherent.functions.audit;

import static dev.coherent.functions.common.testing.Problems.assertProblem;
import static io.restassured.RestAssured.given;
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

/** Without an audit reference the set is still served (ready), but audits are refused with 409. */
@QuarkusTest
@TestProfile(MissingReferenceTest.NoReference.class)
@QuarkusTestResource(S3MockResource.class)
class MissingReferenceTest {

    /** Points the reference at a folder that does not exist. */
    public static class NoReference implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("coherent.audit.reference-uri", "target/no-such-audit-reference");
        }
    }

    @TestHTTPResource("/")
    URL base;

    private RequestSpecification api() {
        return given().baseUri("http://" + base.getHost()).port(base.getPort());
    }

    @Test
    void readyButAuditsAreRefused() throws InterruptedException {
        AbstractHealthCheckTest.awaitReady(api());
        api().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        assertProblem(
                api().contentType(ContentType.JSON)
                        .body("{}")
                        .post("/v1/audits")
                        .then(),
                409,
                "audit-reference-unavailable",
                "the audit reference at target/no-such-audit-reference is missing"
                        + " (no reference.json, train.tsv, holdout.tsv)");
    }
}
