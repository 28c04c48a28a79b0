package dev.coherent.functions.imputation;

import static dev.coherent.functions.common.testing.Problems.assertProblem;
import static dev.coherent.functions.common.testing.TestPatients.body;
import static dev.coherent.functions.common.testing.TestPatients.list;
import static dev.coherent.functions.common.testing.TestPatients.patient;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coherent.functions.common.problem.ProblemType;
import dev.coherent.functions.common.testing.S3MockResource;
import dev.coherent.functions.common.testing.TestPatients;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/impute} on the small test model set: shapes, reproducibility, batching, privacy gate, bad input. */
@QuarkusTest
@QuarkusTestResource(S3MockResource.class)
class ImputeResourceTest {
    @TestHTTPResource("/")
    URL base;

    private RequestSpecification api() {
        return given().baseUri("http://" + base.getHost()).port(base.getPort()).contentType(ContentType.JSON);
    }

    private JsonPath impute(Object body) {
        return api().body(body)
                .post("/v1/impute")
                .then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .extract()
                .jsonPath();
    }

    private static List<Float> floats(JsonPath r, String path) {
        List<Float> out = new ArrayList<>();
        for (Object o : r.getList(path)) {
            out.add(((Number) o).floatValue());
        }
        return out;
    }

    @Test
    void imputesEveryMissingModalityWithMeanStdAndInterval() {
        JsonPath r = impute(body(list(patient("P1", 0, "rnaseq", "rppa")), "seed", 7));
        assertEquals("test", r.getString("model_set.version"));
        assertTrue(r.getString("model_set.sha256").matches("[0-9a-f]{64}"));
        assertEquals(7, r.getLong("seed"));
        assertEquals("ddim", r.getString("sampler"));
        assertEquals(10, r.getInt("steps"));
        assertEquals("auto", r.getString("variance"));
        assertEquals("P1", r.getString("patients[0].id"));
        assertEquals(
                List.of("cna", "wsi"),
                new ArrayList<>(r.getMap("patients[0].imputed").keySet()));
        for (String m : List.of("cna", "wsi")) {
            String p = "patients[0].imputed." + m;
            List<Float> mean = floats(r, p + ".mean");
            List<Float> std = floats(r, p + ".std");
            List<Float> lower = floats(r, p + ".lower");
            List<Float> upper = floats(r, p + ".upper");
            assertEquals(32, mean.size());
            assertEquals(32, std.size());
            for (int j = 0; j < 32; j++) {
                assertTrue(lower.get(j) <= mean.get(j) && mean.get(j) <= upper.get(j), m + "[" + j + "]");
                assertTrue(std.get(j) >= 0);
            }
            assertEquals(4, r.getInt(p + ".draws"));
            assertTrue(List.of("single", "coherent", "multi", "linear").contains(r.getString(p + ".method")));
            assertTrue(r.getInt(p + ".rejected") >= 0);
        }
    }

    /** Per patient and modality of an answer, its {@code diverged} count (which must be there). */
    private static List<Integer> diverged(JsonPath r) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < r.getList("patients").size(); i++) {
            Map<String, Map<String, Object>> imputed = r.getMap("patients[" + i + "].imputed");
            for (Map<String, Object> m : imputed.values()) {
                assertTrue(m.containsKey("diverged"), m.keySet().toString());
                out.add(((Number) m.get("diverged")).intValue());
            }
        }
        return out;
    }

    @Test
    void everyPatientCarriesItsOutOfDistributionVerdictAndAFlaggedOneIsStillImputed() {
        float[] rppa = TestPatients.values(2, "rppa").clone(); // the fixture's row itself must stay as it is
        for (int j = 0; j < rppa.length; j++) {
            rppa[j] *= 50;
        }
        Map<String, Object> broken = new java.util.LinkedHashMap<>();
        broken.put("id", "Other-lab");
        broken.put("modalities", Map.of("rppa", rppa));
        JsonPath r = impute(body(list(patient("Clean", 2, "rppa"), broken), "draws", 2, "seed", 4));
        assertFalse(r.getBoolean("patients[0].ood.flagged"));
        assertTrue(r.getDouble("patients[0].ood.score") < r.getDouble("patients[0].ood.threshold"));
        assertTrue(r.getBoolean("patients[1].ood.flagged"));
        assertEquals("rppa", r.getString("patients[1].ood.modality"));
        assertEquals(1.0, r.getDouble("patients[1].ood.threshold"));
        assertEquals(3, r.getMap("patients[1].imputed").size(), "flag (the default) still imputes");
    }

    @Test
    void everyImputedModalityCountsItsDivergedDrawsAllOrNone() {
        var patients = list(patient("P1", 0, "rnaseq", "rppa"), patient("P2", 1, "cna"), patient("P3", 2, "wsi"));
        for (int d : diverged(impute(body(patients, "seed", 3)))) {
            assertTrue(d == 0 || d == 4, "diverged " + d);
        }
        // Deterministic DDIM amplifies the errors of this briefly trained set's diffusion models far beyond
        // the data's spread (the linear method, which auto may choose, does not depend on the sampler).
        List<Integer> deterministic = diverged(impute(body(
                patients, "seed", 3, "draws", 6, "method", "multi", "steps", 100, "eta", 0.0, "variance", "fixed")));
        for (int d : deterministic) {
            assertTrue(d == 0 || d == 6, "diverged " + d);
        }
        assertTrue(deterministic.stream().anyMatch(d -> d == 6), "deterministic DDIM: " + deterministic);
    }

    @Test
    void sameSeedGivesIdenticalNumbersAndAnotherSeedOtherDraws() {
        var patients = list(patient("P1", 1, "cna", "wsi"));
        JsonPath a = impute(body(patients, "seed", 5, "targets", List.of("rnaseq")));
        JsonPath b = impute(body(patients, "seed", 5, "targets", List.of("rnaseq")));
        JsonPath c = impute(body(patients, "seed", 6, "targets", List.of("rnaseq")));
        String mean = "patients[0].imputed.rnaseq.mean";
        assertEquals(floats(a, mean), floats(b, mean));
        assertEquals(floats(a, "patients[0].imputed.rnaseq.std"), floats(b, "patients[0].imputed.rnaseq.std"));
        assertNotEquals(floats(a, mean), floats(c, mean));
    }

    @Test
    void aSeedIsChosenAndEchoedWhenLeftOut() {
        JsonPath a = impute(body(list(patient("P1", 2, "cna"))));
        JsonPath again = impute(body(list(patient("P1", 2, "cna")), "seed", a.getLong("seed")));
        assertEquals(floats(a, "patients[0].imputed.wsi.mean"), floats(again, "patients[0].imputed.wsi.mean"));
    }

    @Test
    void mixedGapsAreBatchedAndEachAnswerMatchesItsOwnRequest() {
        var p1 = patient("A", 0, "rnaseq");
        var p2 = patient("B", 1, "cna", "rppa", "wsi");
        var p3 = patient("C", 2, "rnaseq");
        JsonPath all = impute(body(list(p1, p2, p3), "seed", 11));
        assertEquals(List.of("A", "B", "C"), all.getList("patients.id"));
        assertEquals(
                List.of("cna", "rppa", "wsi"),
                new ArrayList<>(all.getMap("patients[0].imputed").keySet()));
        assertEquals(
                List.of("rnaseq"),
                new ArrayList<>(all.getMap("patients[1].imputed").keySet()));
        // Draws are seeded per patient: a batch gives each patient what it would get alone.
        JsonPath alone = impute(body(list(p2), "seed", 11));
        assertEquals(floats(alone, "patients[0].imputed.rnaseq.mean"), floats(all, "patients[1].imputed.rnaseq.mean"));
        JsonPath aloneC = impute(body(list(p3), "seed", 11));
        assertEquals(floats(aloneC, "patients[0].imputed.cna.mean"), floats(all, "patients[2].imputed.cna.mean"));
    }

    @Test
    void honoursTargetsMethodDrawsAndSampler() {
        JsonPath multi = impute(body(
                list(patient("P1", 3, "rnaseq", "rppa")),
                "targets",
                List.of("cna"),
                "method",
                "multi",
                "draws",
                3,
                "interval",
                0.5,
                "eta",
                0.0));
        assertEquals(
                List.of("cna"),
                new ArrayList<>(multi.getMap("patients[0].imputed").keySet()));
        assertEquals("multi", multi.getString("patients[0].imputed.cna.method"));
        assertEquals(3, multi.getInt("patients[0].imputed.cna.draws"));
        assertEquals(0.0, multi.getDouble("eta"));
        JsonPath coherent = impute(body(
                list(patient("P1", 3, "rnaseq", "rppa")), "targets", List.of("cna"), "method", "coherent", "draws", 2));
        assertEquals("coherent", coherent.getString("patients[0].imputed.cna.method"));
        JsonPath ddpm = impute(
                body(list(patient("P1", 3, "rnaseq")), "targets", List.of("cna"), "sampler", "ddpm", "draws", 1));
        assertEquals("ddpm", ddpm.getString("sampler"));
        assertEquals(1000, ddpm.getInt("steps"));
        // The linear method: antithetic pairs of its Gaussian draws average to its ridge mean whatever the seed.
        JsonPath linear = impute(body(
                list(patient("P1", 3, "rnaseq", "rppa")),
                "targets",
                List.of("cna"),
                "method",
                "linear",
                "draws",
                4,
                "seed",
                1));
        JsonPath other = impute(body(
                list(patient("P1", 3, "rnaseq", "rppa")),
                "targets",
                List.of("cna"),
                "method",
                "linear",
                "draws",
                4,
                "seed",
                2));
        assertEquals("linear", linear.getString("patients[0].imputed.cna.method"));
        List<Float> a = floats(linear, "patients[0].imputed.cna.mean");
        List<Float> b = floats(other, "patients[0].imputed.cna.mean");
        for (int j = 0; j < a.size(); j++) {
            assertEquals(a.get(j), b.get(j), 1e-4 * (1 + Math.abs(a.get(j))));
        }
        assertNotEquals(floats(linear, "patients[0].imputed.cna.std"), floats(other, "patients[0].imputed.cna.std"));
    }

    @Test
    void intervalsSayWhetherTheyAreTheSetsConformalCalibration() {
        // Four draws: the set's table for four draws applies, an interval symmetric about the mean (mean ± q·std).
        JsonPath four = impute(body(list(patient("P1", 3, "rnaseq", "rppa")), "targets", List.of("cna"), "draws", 4));
        assertTrue(four.getBoolean("patients[0].imputed.cna.calibrated"));
        List<Float> mean = floats(four, "patients[0].imputed.cna.mean");
        List<Float> std = floats(four, "patients[0].imputed.cna.std");
        List<Float> lower = floats(four, "patients[0].imputed.cna.lower");
        List<Float> upper = floats(four, "patients[0].imputed.cna.upper");
        double q = (upper.get(0) - mean.get(0)) / std.get(0);
        assertTrue(q > 0.5, "q " + q);
        for (int j = 0; j < mean.size(); j++) {
            double tol = 1e-3 * (1 + Math.abs(mean.get(j)));
            assertEquals(q * std.get(j), upper.get(j) - mean.get(j), tol + 1e-3 * q * std.get(j));
            assertEquals(q * std.get(j), mean.get(j) - lower.get(j), tol + 1e-3 * q * std.get(j));
        }
        // Fewer draws than any table: the draws' own interval, marked uncalibrated.
        JsonPath two = impute(body(list(patient("P1", 3, "rnaseq", "rppa")), "targets", List.of("cna"), "draws", 2));
        assertFalse(two.getBoolean("patients[0].imputed.cna.calibrated"));
    }

    @Test
    void theAnalyticVarianceSpreadsFewStepDrawsMoreThanTheFixedOne() {
        List<Map<String, Object>> patients = list(patient("P1", 5, "rnaseq", "rppa"));
        JsonPath fixed = impute(body(
                patients, "targets", List.of("cna"), "method", "multi", "draws", 20, "seed", 11, "variance", "fixed"));
        JsonPath analytic = impute(body(
                patients,
                "targets",
                List.of("cna"),
                "method",
                "multi",
                "draws",
                20,
                "seed",
                11,
                "variance",
                "analytic"));
        JsonPath auto = impute(body(patients, "targets", List.of("cna"), "method", "multi", "draws", 20, "seed", 11));
        assertEquals(
                floats(analytic, "patients[0].imputed.cna.mean"),
                floats(auto, "patients[0].imputed.cna.mean"),
                "auto is analytic where the set measured the x0 error");
        assertEquals("fixed", fixed.getString("variance"));
        assertEquals("analytic", analytic.getString("variance"));
        double fixedStd = floats(fixed, "patients[0].imputed.cna.std").stream()
                .mapToDouble(f -> f)
                .average()
                .orElseThrow();
        double analyticStd = floats(analytic, "patients[0].imputed.cna.std").stream()
                .mapToDouble(f -> f)
                .average()
                .orElseThrow();
        assertTrue(analyticStd > fixedStd, analyticStd + " vs " + fixedStd);
    }

    @Test
    void refusesAPatientWithoutAnyModality() {
        Map<String, Object> empty = Map.of("id", "Ghost", "modalities", Map.of());
        assertProblem(
                api().body(body(list(patient("P1", 0, "cna"), empty)))
                        .post("/v1/impute")
                        .then(),
                422,
                "unconditional-generation-refused",
                "patient 'Ghost' has no observed modality");
        assertProblem(
                api().body(body(list(Map.of("id", "NoMap")), "targets", List.of("cna")))
                        .post("/v1/impute")
                        .then(),
                422,
                "unconditional-generation-refused",
                "'NoMap'");
    }

    private void bad(String json, int status, String type, String detail) {
        assertProblem(api().body(json).post("/v1/impute").then(), status, type, detail);
    }

    private static String vec(String values) {
        return "{\"patients\":[{\"id\":\"P1\",\"modalities\":{\"rnaseq\":[" + values + "]}}]}";
    }

    private static String ones(int n) {
        return String.join(",", java.util.Collections.nCopies(n, "1.5"));
    }

    private static String withField(String field) {
        return "{\"patients\":[{\"id\":\"P1\",\"modalities\":{\"rnaseq\":[" + ones(32) + "]}}]," + field + "}";
    }

    @Test
    void overlongIdsAndFractionalIntegersAreRefused() {
        String longId = "P".repeat(257);
        bad(
                "{\"patients\":[{\"id\":\"" + longId + "\",\"modalities\":{\"rnaseq\":[" + ones(32) + "]}}]}",
                400,
                "invalid-request",
                "patients[0].id has 257 characters; at most 256");
        // The refusal names the length, never echoes the id.
        api().body("{\"patients\":[{\"id\":\"" + longId + "\",\"modalities\":{}}]}")
                .post("/v1/impute")
                .then()
                .statusCode(400)
                .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString(longId)));
        bad(withField("\"draws\":2.5"), 400, "invalid-request", "draws: expected a whole number");
        bad(withField("\"draws\":3.0"), 400, "invalid-request", "draws: expected a whole number");
        bad(withField("\"draws\":1e1"), 400, "invalid-request", "draws: expected a whole number");
        bad(withField("\"steps\":10.5"), 400, "invalid-request", "steps: expected a whole number");
        bad(withField("\"seed\":7.0"), 400, "invalid-request", "seed: expected a whole number");
    }

    @Test
    void malformedOrEmptyBodiesAreRefused() {
        bad("{\"patients\": [", 400, "malformed-json", "not valid JSON");
        bad("{\"patients\": [}", 400, "malformed-json", "line 1");
        bad("", 400, "malformed-json", "empty");
        bad("[1,2]", 400, "invalid-request", "the request body: expected an object");
        bad("{}", 400, "invalid-request", "no patients");
        bad("{\"patients\":[]}", 400, "invalid-request", "no patients");
        bad("{\"patients\":5}", 400, "invalid-request", "patients: expected an array");
        bad("{\"patients\":[null]}", 400, "invalid-request", "patients[0] is null");
        bad("{\"patients\":[{\"modalities\":{}}]}", 400, "invalid-request", "patients[0] has no \"id\"");
        bad(withField("\"target\":[\"cna\"]"), 400, "invalid-request", "unknown field 'target'");
        bad(withField("\"draws\":\"ten\""), 400, "invalid-request", "draws: expected a number");
    }

    @Test
    void badPatientsAndVectorsAreRefusedNamingPatientAndField() {
        String p1 = "{\"id\":\"P1\",\"modalities\":{\"rnaseq\":[" + ones(32) + "]}}";
        bad("{\"patients\":[" + p1 + "," + p1 + "]}", 400, "invalid-request", "duplicate patient id 'P1'");
        bad(
                "{\"patients\":[{\"id\":\"P1\",\"modalities\":{\"mirna\":[1]}}]}",
                400,
                "invalid-request",
                "patient 'P1': unknown modality 'mirna'");
        bad(vec(ones(3)), 400, "invalid-request", "patient 'P1': rnaseq needs 32 values, got 3");
        bad(vec(ones(31) + ",NaN"), 400, "invalid-request", "patient 'P1': rnaseq[31] is not a finite number");
        bad(vec("Infinity," + ones(31)), 400, "invalid-request", "rnaseq[0] is not a finite number");
        bad(vec("-Infinity," + ones(31)), 400, "invalid-request", "rnaseq[0] is not a finite number");
        bad(vec("1e300," + ones(31)), 400, "invalid-request", "rnaseq[0] is not a finite number");
        bad(vec("1.5,null," + ones(30)), 400, "invalid-request", "patients[0].modalities.rnaseq: element 1 is null");
        bad(vec("\"1.5\"," + ones(31)), 400, "invalid-request", "element 0 is a string, not a number");
        bad(vec("\"NaN\"," + ones(31)), 400, "invalid-request", "element 0 is a string, not a number");
        bad(
                "{\"patients\":[{\"id\":\"P1\",\"modalities\":{\"rnaseq\":\"abc\"}}]}",
                400,
                "invalid-request",
                "patients[0].modalities.rnaseq: expected an array of numbers");
        bad(
                "{\"patients\":[{\"id\":\"P1\",\"modalities\":{\"rnaseq\":null}}]}",
                400,
                "invalid-request",
                "patient 'P1': modality 'rnaseq' is null");
        bad(
                "{\"space\":\"raw\",\"patients\":[{\"id\":\"P1\",\"features\":{\"rnaseq\":{\"TP53\":1}}}]}",
                400,
                "invalid-request",
                "was trained on embeddings and has no encoders");
    }

    @Test
    void badTargetsAndSettingsAreRefused() {
        bad(withField("\"targets\":[\"mirna\"]"), 400, "invalid-request", "unknown target 'mirna'");
        bad(withField("\"targets\":[\"rnaseq\"]"), 400, "invalid-request", "patient 'P1' already has target 'rnaseq'");
        bad(withField("\"draws\":0"), 400, "invalid-request", "draws must be between 1 and 20, got 0");
        bad(withField("\"draws\":-3"), 400, "invalid-request", "draws must be between 1 and 20, got -3");
        bad(withField("\"draws\":21"), 400, "invalid-request", "draws must be between 1 and 20, got 21");
        bad(withField("\"steps\":0"), 400, "invalid-request", "steps must be between 1 and 1000, got 0");
        bad(withField("\"steps\":-1"), 400, "invalid-request", "steps must be between 1 and 1000, got -1");
        bad(withField("\"steps\":1001"), 400, "invalid-request", "steps must be between 1 and 1000, got 1001");
        bad(withField("\"sampler\":\"ddpm\",\"steps\":50"), 400, "invalid-request", "ddpm always runs all 1000 steps");
        bad(withField("\"sampler\":\"euler\""), 400, "invalid-request", "unknown sampler 'euler'");
        bad(withField("\"method\":\"magic\""), 400, "invalid-request", "unknown method 'magic'");
        bad(withField("\"eta\":2"), 400, "invalid-request", "eta must be between 0 and 1, got 2.0");
        bad(withField("\"variance\":\"wide\""), 400, "invalid-request", "variance: unknown variance 'wide'");
        bad(
                withField("\"sampler\":\"ddpm\",\"variance\":\"analytic\""),
                400,
                "invalid-request",
                "variance: analytic applies to the ddim sampler only");
        bad(withField("\"variance\":\"Wide\""), 400, "invalid-request", "(expected fixed, analytic or auto)");
        bad(withField("\"interval\":1.5"), 400, "invalid-request", "interval must be between 0 and 1");
        bad(withField("\"seed\":1e40"), 400, "invalid-request", "seed: number out of range");
    }

    @Test
    void tooManyPatientsAndTooLargeBodiesGet413() throws Exception {
        List<Map<String, Object>> nine = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            nine.add(patient("P" + i, i, "cna"));
        }
        assertProblem(
                api().body(body(nine)).post("/v1/impute").then(),
                413,
                "too-many-patients",
                "9 patients in one request; the limit is 8");
        String huge = vec(ones(30_000));
        assertProblem(api().body(huge).post("/v1/impute").then(), 413, "payload-too-large", "the limit is 65536");
        // Without a Content-Length (chunked), the limit applies while the body is read.
        HttpResponse<String> chunked = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(
                                        URI.create("http://" + base.getHost() + ":" + base.getPort() + "/v1/impute"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofInputStream(
                                        () -> new ByteArrayInputStream(huge.getBytes(StandardCharsets.UTF_8))))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(413, chunked.statusCode());
        assertEquals(
                ProblemType.MEDIA_TYPE,
                chunked.headers().firstValue("Content-Type").orElse(""));
        assertTrue(chunked.body().contains("more than 65536 bytes"), chunked.body());
    }

    @Test
    void wrongMediaTypeMethodAndPathGetProblems() {
        assertProblem(
                api().contentType(ContentType.TEXT)
                        .body("hello")
                        .post("/v1/impute")
                        .then(),
                415,
                "unsupported-media-type",
                "application/json");
        assertProblem(api().get("/v1/impute").then(), 405, "method-not-allowed", "/v1/impute");
        assertProblem(api().get("/v1/nothing").then(), 404, "not-found", "/v1/nothing");
    }

    @Test
    void patientValuesNeverReachTheLog() throws Exception {
        String marker = "987654.3125";
        bad(vec(marker + "," + ones(3)), 400, "invalid-request", "needs 32 values");
        bad(vec(marker + ",\"x\""), 400, "invalid-request", "element 1 is a string");
        bad(
                "{\"patients\":[{\"id\":\"P1\",\"modalities\":{\"rnaseq\":[" + marker + ",}}]}",
                400,
                "malformed-json",
                "not valid JSON");
        impute(body(list(Map.of("id", "P1", "modalities", Map.of("cna", fill(32, 987654.3125f))))));
        Path log = Path.of("target/quarkus-test.log");
        assertTrue(Files.exists(log), "the test log is configured in src/test/resources/application.properties");
        String text = Files.readString(log);
        assertFalse(text.contains("987654"), "a patient value reached the log");
    }

    private static float[] fill(int n, float v) {
        float[] out = new float[n];
        java.util.Arrays.fill(out, v);
        return out;
    }

    @Test
    void modelsDescribesTheServedSet() {
        JsonPath r = api().get("/v1/models")
                .then()
                .statusCode(200)
                .body("modalities", hasSize(4))
                .body("model_set.sha256", matchesPattern("[0-9a-f]{64}"))
                .body("model_set.version", equalTo("test"))
                .extract()
                .jsonPath();
        assertEquals(List.of("cna", "rnaseq", "rppa", "wsi"), r.getList("modalities.name"));
        assertEquals(List.of(32, 32, 32, 32), r.getList("modalities.dim"));
        assertEquals(List.of("cna", "rnaseq", "rppa", "wsi"), r.getList("targets.name"));
        assertEquals(List.of("coherent", "multi", "linear", "auto"), r.getList("targets[0].methods"));
        assertFalse(r.getList("targets[0].validation").isEmpty());
        assertEquals(16, r.getList("models").size());
        assertEquals("ddim", r.getString("defaults.sampler"));
        assertEquals(10, r.getInt("defaults.steps"));
        assertEquals("auto", r.getString("defaults.variance"));
        assertEquals(8, r.getInt("limits.max_patients"));
        assertFalse(r.getBoolean("unconditional_allowed"));
        assertTrue(r.getMap("model_set.training").containsKey("seed")
                || !r.getMap("model_set.training").isEmpty());
    }

    @Test
    void openApiAndSwaggerUiAreServed() {
        api().get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .body("paths.'/v1/impute'.post.operationId", org.hamcrest.Matchers.anything())
                .body("paths", org.hamcrest.Matchers.hasKey("/v1/models"));
        api().get("/q/swagger-ui/").then().statusCode(200);
    }
}
