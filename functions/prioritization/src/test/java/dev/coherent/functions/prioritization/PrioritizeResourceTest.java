package dev.coherent.functions.prioritization;

import static dev.coherent.functions.common.testing.Problems.assertProblem;
import static dev.coherent.functions.common.testing.TestPatients.body;
import static dev.coherent.functions.common.testing.TestPatients.list;
import static dev.coherent.functions.common.testing.TestPatients.patient;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coherent.functions.common.testing.S3MockResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /v1/prioritize} on the small test model set and its stage classifier: shapes,
 * ranking order, budget selection, reproducibility, and every refusal of bad input.
 */
@QuarkusTest
@QuarkusTestResource(S3MockResource.class)
class PrioritizeResourceTest {
    /** From src/test/resources/application.properties. */
    private static final int DEFAULT_DRAWS = 4;

    private static final double DEFAULT_WSI_COST = 0.5;

    @TestHTTPResource("/")
    URL base;

    private RequestSpecification api() {
        return given().baseUri("http://" + base.getHost()).port(base.getPort()).contentType(ContentType.JSON);
    }

    private JsonPath prioritize(Object body) {
        return api().body(body)
                .post("/v1/prioritize")
                .then()
                .log()
                .ifValidationFails()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .extract()
                .jsonPath();
    }

    private static List<Map<String, Object>> ranking(JsonPath r) {
        return r.getList("ranking");
    }

    private static double num(Map<String, Object> m, String key) {
        return ((Number) m.get(key)).doubleValue();
    }

    @Test
    void ranksEveryMissingModalityOfEveryPatientByScorePerCost() {
        JsonPath r = prioritize(body(
                list(
                        patient("P1", 0, "rnaseq", "rppa"),
                        patient("P2", 1, "cna"),
                        patient("P3", 2, "cna", "rnaseq", "rppa", "wsi")),
                "seed",
                7));
        assertEquals("test", r.getString("model_set.version"));
        assertTrue(r.getString("model_set.sha256").matches("[0-9a-f]{64}"));
        assertEquals("stage", r.getString("label"));
        assertEquals("disagreement", r.getString("score"));
        assertEquals("ddim", r.getString("sampler"));
        assertEquals(5, r.getInt("steps"));
        assertEquals("auto", r.getString("variance"));
        assertEquals(DEFAULT_DRAWS, r.getInt("draws"));
        assertEquals(7, r.getLong("seed"));
        assertFalse(r.getMap("").containsKey("selection"), "no budget, no selection");
        List<String> classes = r.getList("classes");
        assertTrue(classes.size() >= 2, "classes " + classes);

        List<Map<String, Object>> ranking = ranking(r);
        // P1 lacks cna and wsi, P2 lacks rnaseq, rppa and wsi, P3 lacks nothing.
        Set<String> pairs = new HashSet<>();
        for (Map<String, Object> e : ranking) {
            pairs.add(e.get("patient") + "/" + e.get("modality"));
        }
        assertEquals(Set.of("P1/cna", "P1/wsi", "P2/rnaseq", "P2/rppa", "P2/wsi"), pairs);
        double previous = Double.POSITIVE_INFINITY;
        for (int i = 0; i < ranking.size(); i++) {
            Map<String, Object> e = ranking.get(i);
            assertEquals(i + 1, e.get("rank"));
            double cost = "wsi".equals(e.get("modality")) ? DEFAULT_WSI_COST : 1.0;
            assertEquals(cost, num(e, "cost"), 0);
            assertEquals(num(e, "disagreement"), num(e, "score"), 0, "the disagreement score ranks");
            assertEquals(num(e, "score") / cost, num(e, "score_per_cost"), 1e-9);
            assertTrue(num(e, "score_per_cost") <= previous, "ranking is not by score per cost at " + i);
            previous = num(e, "score_per_cost");
            assertTrue(num(e, "variance") >= 0);

            // The prediction without the modality, and the predictions over the draws.
            @SuppressWarnings("unchecked")
            Map<String, Object> baseline = (Map<String, Object>) e.get("baseline");
            @SuppressWarnings("unchecked")
            Map<String, Number> probabilities = (Map<String, Number>) baseline.get("probabilities");
            assertEquals(classes, new ArrayList<>(probabilities.keySet()));
            double sum = 0;
            String argmax = null;
            for (String c : classes) {
                sum += probabilities.get(c).doubleValue();
                if (argmax == null
                        || probabilities.get(c).doubleValue()
                                > probabilities.get(argmax).doubleValue()) {
                    argmax = c;
                }
            }
            assertEquals(1.0, sum, 1e-4);
            assertEquals(argmax, baseline.get("class"));
            @SuppressWarnings("unchecked")
            Map<String, Integer> counts = (Map<String, Integer>) e.get("draw_predictions");
            assertEquals(classes, new ArrayList<>(counts.keySet()));
            int total = counts.values().stream().mapToInt(Integer::intValue).sum();
            assertEquals(DEFAULT_DRAWS, total);
            // Disagreement is the share of draws predicting another class than the baseline.
            assertEquals((total - counts.get(argmax)) / (double) total, num(e, "disagreement"), 1e-12);
            // Whether the draws diverged: all of them or none.
            assertTrue(e.containsKey("diverged"), e.toString());
            assertTrue(List.of(0, DEFAULT_DRAWS).contains(((Number) e.get("diverged")).intValue()), e.toString());
        }
    }

    @Test
    void theVarianceScoreRanksWhenAsked() {
        JsonPath r = prioritize(body(
                list(patient("P1", 3, "rnaseq"), patient("P2", 4, "wsi", "cna")),
                "score",
                "variance",
                "seed",
                3,
                "draws",
                6));
        assertEquals("variance", r.getString("score"));
        double previous = Double.POSITIVE_INFINITY;
        for (Map<String, Object> e : ranking(r)) {
            assertEquals(num(e, "variance"), num(e, "score"), 0);
            assertTrue(num(e, "score_per_cost") <= previous);
            previous = num(e, "score_per_cost");
        }
        assertEquals(3 + 2, ranking(r).size());
    }

    @Test
    void theLinearMethodRanksToo() {
        JsonPath r = prioritize(body(
                list(patient("P1", 3, "rnaseq"), patient("P2", 4, "wsi", "cna")),
                "method",
                "linear",
                "seed",
                3,
                "draws",
                6));
        assertEquals(3 + 2, ranking(r).size());
        for (Map<String, Object> e : ranking(r)) {
            assertTrue(num(e, "score") >= 0 && num(e, "score") <= 1, e.toString());
        }
    }

    @Test
    void candidatesAndCostsOfTheRequestApply() {
        JsonPath r = prioritize(body(
                list(patient("P1", 0, "cna"), patient("P2", 1, "rppa")),
                "candidates",
                List.of("wsi", "rnaseq"),
                "costs",
                Map.of("rnaseq", 4.0),
                "seed",
                1));
        Set<String> pairs = new HashSet<>();
        for (Map<String, Object> e : ranking(r)) {
            pairs.add(e.get("patient") + "/" + e.get("modality"));
            double cost = "rnaseq".equals(e.get("modality")) ? 4.0 : DEFAULT_WSI_COST;
            assertEquals(cost, num(e, "cost"), 0);
            assertEquals(num(e, "score") / cost, num(e, "score_per_cost"), 1e-9);
        }
        assertEquals(Set.of("P1/wsi", "P1/rnaseq", "P2/wsi", "P2/rnaseq"), pairs);
    }

    @Test
    void aBudgetChoosesGreedilyByScorePerCost() {
        List<Map<String, Object>> patients = list(
                patient("P1", 0, "rnaseq"),
                patient("P2", 1, "cna"),
                patient("P3", 2, "rppa", "wsi"),
                patient("P4", 3, "cna", "rppa"));
        double budget = 2.5;
        JsonPath r = prioritize(body(patients, "seed", 9, "score", "variance", "budget", budget));
        List<Map<String, Object>> ranking = ranking(r);
        // The greedy rule recomputed from the ranking: walk it in order, take what still fits.
        List<Integer> expected = new ArrayList<>();
        double spent = 0;
        double changes = 0;
        for (Map<String, Object> e : ranking) {
            if (spent + num(e, "cost") <= budget + 1e-12) {
                expected.add((Integer) e.get("rank"));
                spent += num(e, "cost");
                changes += num(e, "disagreement");
            }
        }
        assertTrue(expected.size() < ranking.size(), "the budget should not buy everything");
        assertEquals(expected, r.getList("selection.chosen.rank"));
        assertEquals(budget, r.getDouble("selection.budget"), 0);
        assertEquals(spent, r.getDouble("selection.total_cost"), 1e-9);
        assertTrue(r.getDouble("selection.total_cost") <= budget);
        assertEquals(changes, r.getDouble("selection.expected_changes"), 1e-9);
        for (int i = 0; i < expected.size(); i++) {
            Map<String, Object> e = ranking.get(expected.get(i) - 1);
            assertEquals(e.get("patient"), r.getString("selection.chosen[" + i + "].patient"));
            assertEquals(e.get("modality"), r.getString("selection.chosen[" + i + "].modality"));
        }

        JsonPath none = prioritize(body(patients, "seed", 9, "budget", 0));
        assertTrue(none.getList("selection.chosen").isEmpty());
        assertEquals(0.0, none.getDouble("selection.expected_changes"), 0);
    }

    @Test
    void sameSeedGivesTheSameRankingAndEachPatientScoresAsAlone() {
        var p1 = patient("A", 0, "rnaseq");
        var p2 = patient("B", 1, "cna", "rppa");
        JsonPath a = prioritize(body(list(p1, p2), "seed", 5, "draws", 6));
        JsonPath b = prioritize(body(list(p1, p2), "seed", 5, "draws", 6));
        JsonPath c = prioritize(body(list(p1, p2), "seed", 6, "draws", 6));
        assertEquals(a.getList("ranking"), b.getList("ranking"));
        assertNotEquals(a.getList("ranking.variance"), c.getList("ranking.variance"));
        // Draws are seeded per patient: scored alone, B gets what it got in the batch.
        JsonPath alone = prioritize(body(list(p2), "seed", 5, "draws", 6));
        for (Map<String, Object> e : ranking(alone)) {
            Map<String, Object> inBatch = ranking(a).stream()
                    .filter(x ->
                            x.get("patient").equals("B") && x.get("modality").equals(e.get("modality")))
                    .findFirst()
                    .orElseThrow();
            assertEquals(e.get("variance"), inBatch.get("variance"));
            assertEquals(e.get("draw_predictions"), inBatch.get("draw_predictions"));
        }
        // Without a seed one is chosen and echoed; sending it back reproduces the answer.
        JsonPath random = prioritize(body(list(p1)));
        JsonPath again = prioritize(body(list(p1), "seed", random.getLong("seed")));
        assertEquals(random.getList("ranking"), again.getList("ranking"));
    }

    @Test
    void aPatientWithEveryModalityHasNothingToRank() {
        JsonPath r = prioritize(body(list(patient("Full", 0, "cna", "rnaseq", "rppa", "wsi")), "budget", 3));
        assertTrue(ranking(r).isEmpty());
        assertTrue(r.getList("selection.chosen").isEmpty());
    }

    @Test
    void refusesAPatientWithoutAnyModality() {
        Map<String, Object> empty = Map.of("id", "Ghost", "modalities", Map.of());
        assertProblem(
                api().body(body(list(patient("P1", 0, "cna"), empty)))
                        .post("/v1/prioritize")
                        .then(),
                422,
                "unconditional-generation-refused",
                "patient 'Ghost' has no observed modality");
        assertProblem(
                api().body(body(list(Map.of("id", "NoMap"))))
                        .post("/v1/prioritize")
                        .then(),
                422,
                "unconditional-generation-refused",
                "'NoMap'");
    }

    @Test
    void aLabelWithoutAClassifierIsAConflictWithTheServedSet() {
        assertProblem(
                api().body(body(list(patient("P1", 0, "cna")), "label", "grade"))
                        .post("/v1/prioritize")
                        .then(),
                409,
                "no-classifier-for-label",
                "no classifier for 'grade'; it has [stage]");
        bad(withField("\"label\":\" \""), 400, "invalid-request", "label is empty");
    }

    private void bad(String json, int status, String type, String detail) {
        assertProblem(api().body(json).post("/v1/prioritize").then(), status, type, detail);
    }

    private static String ones(int n) {
        return String.join(",", Collections.nCopies(n, "1.5"));
    }

    private static String vec(String values) {
        return "{\"patients\":[{\"id\":\"P1\",\"modalities\":{\"rnaseq\":[" + values + "]}}]}";
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
                .post("/v1/prioritize")
                .then()
                .statusCode(400)
                .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString(longId)));
        bad(withField("\"draws\":2.5"), 400, "invalid-request", "draws: expected a whole number");
        bad(withField("\"draws\":3.0"), 400, "invalid-request", "draws: expected a whole number");
        bad(withField("\"draws\":1e1"), 400, "invalid-request", "draws: expected a whole number");
    }

    @Test
    void malformedOrEmptyBodiesAreRefused() {
        bad("{\"patients\": [", 400, "malformed-json", "not valid JSON");
        bad("", 400, "malformed-json", "empty");
        bad("[1,2]", 400, "invalid-request", "expected an object");
        bad("{}", 400, "invalid-request", "no patients");
        bad("{\"patients\":[]}", 400, "invalid-request", "no patients");
        bad("{\"patients\":[null]}", 400, "invalid-request", "patients[0] is null");
        bad("{\"patients\":[{\"modalities\":{}}]}", 400, "invalid-request", "patients[0] has no \"id\"");
        bad(withField("\"candidate\":[\"cna\"]"), 400, "invalid-request", "unknown field 'candidate'");
        bad(withField("\"draws\":\"ten\""), 400, "invalid-request", "draws: expected a number");
        bad(withField("\"budget\":\"lots\""), 400, "invalid-request", "budget");
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
        bad(vec("1.5,null," + ones(30)), 400, "invalid-request", "patients[0].modalities.rnaseq: element 1 is null");
        bad(vec("\"1.5\"," + ones(31)), 400, "invalid-request", "element 0 is a string, not a number");
        bad(
                "{\"patients\":[{\"id\":\"P1\",\"modalities\":{\"rnaseq\":null}}]}",
                400,
                "invalid-request",
                "patient 'P1': modality 'rnaseq' is null");
    }

    @Test
    void badCandidatesCostsBudgetAndSettingsAreRefused() {
        bad(withField("\"candidates\":[\"mirna\"]"), 400, "invalid-request", "unknown candidate 'mirna'");
        bad(
                withField("\"candidates\":[\"rnaseq\"]"),
                400,
                "invalid-request",
                "patient 'P1' already has candidate 'rnaseq'");
        bad(withField("\"candidates\":[\"cna\",\"cna\"]"), 400, "invalid-request", "candidates lists 'cna' twice");
        bad(withField("\"candidates\":[null]"), 400, "invalid-request", "candidates[0] is null");
        bad(withField("\"candidates\":[]"), 400, "invalid-request", "candidates is empty");
        bad(withField("\"costs\":{\"mirna\":1}"), 400, "invalid-request", "costs: unknown modality 'mirna'");
        bad(withField("\"costs\":{\"wsi\":0}"), 400, "invalid-request", "costs.wsi must be a positive finite number");
        bad(withField("\"costs\":{\"wsi\":-2}"), 400, "invalid-request", "costs.wsi must be a positive finite number");
        bad(
                withField("\"costs\":{\"wsi\":null}"),
                400,
                "invalid-request",
                "costs.wsi must be a positive finite number");
        bad(withField("\"costs\":{\"wsi\":NaN}"), 400, "invalid-request", "costs.wsi must be a positive finite number");
        bad(withField("\"budget\":-1"), 400, "invalid-request", "budget must be a finite number of at least 0");
        bad(withField("\"budget\":Infinity"), 400, "invalid-request", "budget must be a finite number of at least 0");
        bad(withField("\"draws\":0"), 400, "invalid-request", "draws must be between 1 and 20, got 0");
        bad(withField("\"draws\":21"), 400, "invalid-request", "draws must be between 1 and 20, got 21");
        bad(withField("\"steps\":0"), 400, "invalid-request", "steps must be between 1 and 1000, got 0");
        bad(withField("\"steps\":1001"), 400, "invalid-request", "steps must be between 1 and 1000, got 1001");
        bad(withField("\"sampler\":\"ddpm\",\"steps\":50"), 400, "invalid-request", "ddpm always runs all 1000 steps");
        bad(withField("\"sampler\":\"euler\""), 400, "invalid-request", "unknown sampler 'euler'");
        bad(withField("\"score\":\"entropy\""), 400, "invalid-request", "unknown score 'entropy'");
        bad(withField("\"method\":\"magic\""), 400, "invalid-request", "unknown method 'magic'");
        bad(withField("\"eta\":2"), 400, "invalid-request", "eta must be between 0 and 1, got 2.0");
        bad(withField("\"variance\":\"wide\""), 400, "invalid-request", "variance: unknown variance 'wide'");
    }

    @Test
    void tooManyPatientsAndTooLargeBodiesGet413() {
        List<Map<String, Object>> nine = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            nine.add(patient("P" + i, i, "cna"));
        }
        assertProblem(
                api().body(body(nine)).post("/v1/prioritize").then(),
                413,
                "too-many-patients",
                "9 patients in one request; the limit is 8");
        assertProblem(
                api().body(vec(ones(30_000))).post("/v1/prioritize").then(),
                413,
                "payload-too-large",
                "the limit is 65536");
    }

    @Test
    void wrongMediaTypeMethodAndPathGetProblems() {
        assertProblem(
                api().contentType(ContentType.TEXT)
                        .body("hello")
                        .post("/v1/prioritize")
                        .then(),
                415,
                "unsupported-media-type",
                "application/json");
        assertProblem(api().get("/v1/prioritize").then(), 405, "method-not-allowed", "/v1/prioritize");
    }

    @Test
    void patientValuesNeverReachTheLog() throws Exception {
        String marker = "987654.3125";
        bad(vec(marker + "," + ones(3)), 400, "invalid-request", "needs 32 values");
        bad(
                "{\"patients\":[{\"id\":\"P1\",\"modalities\":{\"rnaseq\":[" + marker + ",}}]}",
                400,
                "malformed-json",
                "not valid JSON");
        float[] values = new float[32];
        java.util.Arrays.fill(values, 987654.3125f);
        prioritize(body(list(Map.of("id", "P1", "modalities", Map.of("cna", values))), "draws", 1));
        Path log = Path.of("target/quarkus-test.log");
        assertTrue(Files.exists(log), "the test log is configured in src/test/resources/application.properties");
        assertFalse(Files.readString(log).contains("987654"), "a patient value reached the log");
    }

    @Test
    void openApiAndSwaggerUiAreServed() {
        api().get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/v1/prioritize"))
                .body("components.schemas", org.hamcrest.Matchers.hasKey("RankedMeasurement"));
        api().get("/q/swagger-ui/").then().statusCode(200);
    }
}
