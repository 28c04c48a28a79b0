package dev.coherent.functions.audit;

import static dev.coherent.functions.common.testing.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coherent.functions.common.testing.S3MockResource;
import dev.coherent.functions.common.testing.TestModelSet;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code POST /v1/audits} and {@code GET /v1/audits/{id}} against the small test set and its reference. */
@QuarkusTest
@QuarkusTestResource(S3MockResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditResourceTest {
    private static final List<String> METRICS =
            List.of("precision", "recall", "f1", "energy_distance", "dcr_closer_to_train_share", "mia_auc");

    @TestHTTPResource("/")
    URL base;

    private RequestSpecification api() {
        return given().baseUri("http://" + base.getHost()).port(base.getPort());
    }

    private Response post(String body) {
        return api().contentType(ContentType.JSON).body(body).post("/v1/audits");
    }

    /** Polls an audit until it has finished. */
    private JsonPath await(String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline) {
            JsonPath s = api().get("/v1/audits/" + id)
                    .then()
                    .statusCode(200)
                    .contentType(ContentType.JSON)
                    .extract()
                    .jsonPath();
            String status = s.getString("status");
            assertTrue(Set.of("queued", "running", "succeeded", "failed").contains(status), status);
            if (status.equals("succeeded") || status.equals("failed")) {
                return s;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("audit " + id + " did not finish in time");
    }

    @Test
    @Order(1)
    void auditsWithTheDefaultsAndWritesBothReports() throws Exception {
        Response r = post("{}");
        r.then()
                .statusCode(202)
                .contentType(ContentType.JSON)
                .body("id", matchesPattern("[0-9a-f-]{36}"))
                .body("status", equalTo("queued"))
                .body("model_set.version", equalTo("test"))
                .body("settings.methods", equalTo(List.of("coherent", "multi", "linear")))
                .body("settings.samples", equalTo(16))
                .body("settings.k", equalTo(3))
                .body("settings.sampler", equalTo("ddim"))
                .body("settings.steps", equalTo(4));
        String id = r.jsonPath().getString("id");
        assertEquals("/v1/audits/" + id, r.jsonPath().getString("links.self"));
        assertTrue(r.header("Location").endsWith("/v1/audits/" + id), r.header("Location"));

        JsonPath done = await(id);
        assertEquals("succeeded", done.getString("status"), done.prettify());
        assertTrue(Set.of("pass", "fail").contains(done.getString("verdict")));
        assertTrue(done.getString("started_at").compareTo(done.getString("created_at")) >= 0);
        assertTrue(done.getString("finished_at").compareTo(done.getString("started_at")) >= 0);

        List<Map<String, Object>> results = done.getList("result.results");
        // Four modalities, each audited with the three default methods.
        assertEquals(12, results.size(), done.prettify());
        Set<String> seen = new java.util.HashSet<>();
        for (Map<String, Object> result : results) {
            seen.add(result.get("method") + "/" + result.get("target"));
            for (String metric : METRICS) {
                assertTrue(result.get(metric) instanceof Number, metric + " in " + result);
            }
            double f1 = ((Number) result.get("f1")).doubleValue();
            assertTrue(f1 >= 0 && f1 <= 1, "f1 " + f1);
            double share = ((Number) result.get("dcr_closer_to_train_share")).doubleValue();
            assertTrue(share >= 0 && share <= 1, "share " + share);
            assertEquals(16, result.get("generated"));
            assertTrue(((Map<?, ?>) result.get("verdict")).get("pass") instanceof Boolean);
        }
        assertEquals(
                Set.of(
                        "coherent/cna",
                        "coherent/rnaseq",
                        "coherent/rppa",
                        "coherent/wsi",
                        "multi/cna",
                        "multi/rnaseq",
                        "multi/rppa",
                        "multi/wsi",
                        "linear/cna",
                        "linear/rnaseq",
                        "linear/rppa",
                        "linear/wsi"),
                seen);
        assertEquals(
                done.getBoolean("result.verdict.pass"),
                done.getString("verdict").equals("pass"));
        assertEquals(0.05, done.getDouble("result.config.thresholds.max_unconditional_f1"), 1e-9);

        // The reports are in the store, under <models>-audits/<id>/, and report.json is the result.
        Path json = Path.of(URI.create(done.getString("report.json")));
        Path html = Path.of(URI.create(done.getString("report.html")));
        assertEquals(
                TestModelSet.folder()
                        .resolveSibling("test-model-set-audits")
                        .resolve(id)
                        .resolve("report.json"),
                json);
        JsonNode stored = new ObjectMapper().readTree(Files.readAllBytes(json));
        JsonNode answered = new ObjectMapper()
                .readTree(api().get("/v1/audits/" + id).asString())
                .get("result");
        assertEquals(stored, answered);
        String page = Files.readString(html);
        assertTrue(page.startsWith("<!DOCTYPE html") || page.startsWith("<html"), page.substring(0, 40));
        assertTrue(page.contains("<svg"), "no PCA scatter in the HTML report");
    }

    @Test
    @Order(2)
    void usesTheRequestedSettings() throws Exception {
        Response r = post("{\"methods\":[\"multi\"],\"samples\":20,\"k\":4,\"seed\":7,\"sampler\":\"ddim\","
                + "\"steps\":3,\"eta\":0.5,\"version\":\"test\"}");
        r.then()
                .statusCode(202)
                .body("settings.methods", equalTo(List.of("multi")))
                .body("settings.samples", equalTo(20))
                .body("settings.k", equalTo(4))
                .body("settings.seed", equalTo(7))
                .body("settings.steps", equalTo(3))
                .body("settings.eta", equalTo(0.5f));
        JsonPath done = await(r.jsonPath().getString("id"));
        assertEquals("succeeded", done.getString("status"), done.prettify());
        List<String> methods = done.getList("result.results.method");
        assertEquals(List.of("multi", "multi", "multi", "multi"), methods);
        assertEquals(List.of(4, 4, 4, 4), done.getList("result.results.k"));
        assertEquals(7, done.getInt("result.config.seed"));
        assertEquals(3, done.getInt("result.config.steps"));
    }

    @Test
    @Order(3)
    void auditsTheLinearModelAlone() throws Exception {
        Response r = post("{\"methods\":[\"linear\"],\"samples\":20,\"k\":4,\"seed\":7}");
        r.then().statusCode(202).body("settings.methods", equalTo(List.of("linear")));
        JsonPath done = await(r.jsonPath().getString("id"));
        assertEquals("succeeded", done.getString("status"), done.prettify());
        assertEquals(List.of("linear", "linear", "linear", "linear"), done.getList("result.results.method"));
        for (Map<String, Object> result : done.<Map<String, Object>>getList("result.results")) {
            for (String metric : METRICS) {
                assertTrue(result.get(metric) instanceof Number, metric + " in " + result);
            }
        }
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"methods\":[\"magic\"]}|methods[0]: unknown method 'magic' (expected coherent, multi or linear)",
                "{\"methods\":[\"auto\"]}|methods[0]: unknown method 'auto'",
                "{\"methods\":[]}|methods is empty",
                "{\"methods\":[\"multi\",\"multi\"]}|methods[1]: 'multi' is given twice",
                "{\"methods\":[null]}|methods[0]: unknown method 'null'",
                "{\"samples\":401}|samples must be more than k (3) and at most 400, got 401",
                "{\"samples\":3}|samples must be more than k (3) and at most 400, got 3",
                "{\"k\":0}|k must be between 1 and 20, got 0",
                "{\"k\":21}|k must be between 1 and 20, got 21",
                "{\"steps\":0}|steps must be between 1 and 100, got 0",
                "{\"steps\":101}|steps must be between 1 and 100, got 101",
                "{\"sampler\":\"euler\"}|euler",
                "{\"sampler\":\"ddpm\"}|sampler: ddpm runs",
                "{\"sampler\":\"ddpm\",\"steps\":4}|steps: ddpm always runs all",
                "{\"eta\":2}|eta must be between 0 and 1, got 2.0",
                "{\"sample\":10}|sample",
                "{\"samples\":\"many\"}|samples",
                "{\"seed\":1.5e40}|seed",
            })
    void refusesBadRequestsWithAProblem(String body, String detail) {
        assertProblem(post(body).then(), 400, "invalid-request", detail);
    }

    @Test
    void refusesMalformedJson() {
        assertProblem(post("{\"samples\": ").then(), 400, "malformed-json", "");
        assertProblem(post("[1, 2]").then(), 400, "invalid-request", "");
    }

    @Test
    void refusesAnotherVersion() {
        assertProblem(
                post("{\"version\":\"20260101T000000Z\"}").then(),
                409,
                "model-set-version-not-served",
                "version '20260101T000000Z' is not the model set this function serves (version test");
    }

    @Test
    void refusesOtherMediaTypes() {
        assertProblem(
                api().contentType(ContentType.TEXT)
                        .body("{}")
                        .post("/v1/audits")
                        .then(),
                415,
                "unsupported-media-type",
                "Content-Type: application/json");
    }

    @Test
    void unknownAuditIsNotFound() {
        assertProblem(
                api().get("/v1/audits/00000000-0000-0000-0000-000000000000").then(),
                404,
                "not-found",
                "no audit with id '00000000-0000-0000-0000-000000000000'");
    }

    @Test
    void servesOpenApiAndSwaggerUi() {
        api().get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .body("paths.'/v1/audits'.post.responses.'202'.description", containsString("Queued"))
                .body("paths.'/v1/audits/{id}'.get.responses.'404'", org.hamcrest.Matchers.notNullValue());
        api().get("/q/swagger-ui/").then().statusCode(200);
    }

    @Test
    @Order(10)
    void refusesAuditsBeyondTheQueue() throws Exception {
        // One runner and a queue of one (test profile): the third request, while the first still runs, is refused.
        String body = "{\"samples\":120,\"steps\":20}";
        List<String> accepted = new ArrayList<>();
        accepted.add(post(body).then().statusCode(202).extract().jsonPath().getString("id"));
        accepted.add(post(body).then().statusCode(202).extract().jsonPath().getString("id"));
        assertProblem(post(body).then(), 429, "too-many-audits", "1 waiting");
        for (String id : accepted) {
            assertEquals("succeeded", await(id).getString("status"));
        }
        // Once they are done there is room again.
        String again = post("{\"methods\":[\"multi\"]}")
                .then()
                .statusCode(202)
                .extract()
                .jsonPath()
                .getString("id");
        assertEquals("succeeded", await(again).getString("status"));
    }

    @Test
    @Order(11)
    void patientValuesNeverReachTheLog() throws Exception {
        // A standardized value of a training record, as it is in the audit reference.
        String[] row = Files.readAllLines(TestModelSet.reference().resolve("train.tsv"))
                .get(1)
                .split("\t");
        List<String> values = List.of(row[1], row[2], row[row.length - 1]);
        String log = Files.readString(Path.of("target/quarkus-test.log"));
        for (String v : values) {
            assertFalse(v.length() > 5 && log.contains(v), "a reference value is in the log: " + v);
        }
    }
}
