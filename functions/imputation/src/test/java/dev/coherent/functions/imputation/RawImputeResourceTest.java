package dev.coherent.functions.imputation;

import static dev.coherent.functions.common.testing.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coherent.cohort.Cohort;
import dev.coherent.cohort.CohortReader;
import dev.coherent.cohort.ModalityMatrix;
import dev.coherent.functions.common.testing.S3MockResource;
import dev.coherent.functions.common.testing.TestBucket;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code POST /v1/impute} with {@code "space":"raw"} on a model set trained before the tests on the
 * real tcga-acc-mini cohort ({@link TestRawModelSet}): named raw features in, decoded features out.
 */
@QuarkusTest
@TestProfile(RawImputeResourceTest.RawSet.class)
@QuarkusTestResource(S3MockResource.class)
class RawImputeResourceTest {
    private static final Path COHORT = Path.of("..", "..", "examples", "data", "tcga-acc-mini");
    private static Cohort cohort;
    private static JsonNode manifest;

    public static class RawSet implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "coherent.models.uri",
                    TestRawModelSet.folder().toString(),
                    "coherent.limits.max-body-size",
                    "256K");
        }
    }

    @TestHTTPResource("/")
    URL base;

    @ConfigProperty(name = "coherent.s3.endpoint")
    String endpoint;

    @ConfigProperty(name = "quarkus.lambda.mock-event-server.test-port")
    int lambdaPort;

    @BeforeAll
    static void readCohort() throws Exception {
        cohort = CohortReader.read(COHORT);
        manifest = new ObjectMapper()
                .readTree(TestRawModelSet.folder().resolve("manifest.json").toFile());
    }

    private RequestSpecification api() {
        return given().baseUri("http://" + base.getHost()).port(base.getPort()).contentType(ContentType.JSON);
    }

    /** The first patient with every modality. */
    private static int complete() {
        for (int i = 0; i < cohort.size(); i++) {
            if (cohort.complete(i)) {
                return i;
            }
        }
        throw new AssertionError("tcga-acc-mini has complete patients");
    }

    /** Patient {@code i}'s raw features of one modality by name; a missing cell is null. */
    private static Map<String, Object> features(int i, String modality) {
        ModalityMatrix m = cohort.modality(modality);
        Map<String, Object> out = new LinkedHashMap<>();
        float[] row = m.row(i);
        for (int j = 0; j < m.dim(); j++) {
            out.put(m.features().get(j), Float.isNaN(row[j]) ? null : (double) row[j]);
        }
        return out;
    }

    private static Map<String, Object> patient(String id, Map<String, Object> features) {
        return Map.of("id", id, "features", features);
    }

    private static Map<String, Object> body(Object patient, Object... more) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("space", "raw");
        b.put("patients", List.of(patient));
        b.put("seed", 3);
        for (int k = 0; k < more.length; k += 2) {
            b.put((String) more[k], more[k + 1]);
        }
        return b;
    }

    /** The features the stored preprocessing keeps: the space raw answers are decoded into. */
    private static List<String> keptFeatures(String modality) {
        try {
            JsonNode pre = new ObjectMapper()
                    .readTree(TestRawModelSet.folder()
                            .resolve("encoders")
                            .resolve(modality)
                            .resolve("preprocessing.json")
                            .toFile());
            List<String> out = new ArrayList<>();
            pre.get("features").forEach(f -> out.add(f.asText()));
            return out;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int codeDim(String modality) {
        for (JsonNode m : manifest.get("modalities")) {
            if (m.get("name").asText().equals(modality)) {
                return m.get("dim").asInt();
            }
        }
        throw new AssertionError("no modality " + modality);
    }

    private static List<Float> floats(JsonPath r, String path) {
        List<Float> out = new ArrayList<>();
        for (Object o : r.getList(path)) {
            out.add(((Number) o).floatValue());
        }
        return out;
    }

    @Test
    void imputesDecodedFeaturesByNameWithTheLatentOnRequest() {
        int i = complete();
        Map<String, Object> given = new LinkedHashMap<>();
        given.put("cna", features(i, "cna"));
        given.put("rnaseq", features(i, "rnaseq"));
        JsonPath r = api().body(body(patient("P1", given), "latent", true, "draws", 4))
                .post("/v1/impute")
                .then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .extract()
                .jsonPath();
        assertEquals("raw", r.getString("space"));
        assertEquals(
                List.of("mirna", "rppa"),
                new ArrayList<>(r.getMap("patients[0].imputed").keySet()));
        for (String m : List.of("mirna", "rppa")) {
            String p = "patients[0].imputed." + m;
            List<String> names = keptFeatures(m);
            assertEquals(names, r.getList(p + ".features"), m + ": decoded into the model's kept features");
            List<Float> mean = floats(r, p + ".mean");
            List<Float> lower = floats(r, p + ".lower");
            List<Float> upper = floats(r, p + ".upper");
            List<Float> std = floats(r, p + ".std");
            assertEquals(names.size(), mean.size());
            boolean spread = false;
            for (int j = 0; j < mean.size(); j++) {
                assertTrue(Float.isFinite(mean.get(j)), m + "[" + j + "]");
                assertTrue(lower.get(j) <= mean.get(j) + 1e-5 && mean.get(j) <= upper.get(j) + 1e-5, m + "[" + j + "]");
                spread |= std.get(j) > 0;
            }
            assertTrue(spread, m + ": the draws are decoded one by one, so their spread reaches the features");
            assertEquals(codeDim(m), floats(r, p + ".latent.mean").size(), m + ": the code on request");
            assertEquals(4, r.getInt(p + ".draws"));
        }
        // Without "latent" no code comes back.
        JsonPath plain = api().body(body(patient("P1", given), "draws", 2))
                .post("/v1/impute")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        Object latent = plain.get("patients[0].imputed.rppa.latent");
        assertNull(latent);
    }

    @Test
    void aMissingCellOfAProvidedModalityIsAccepted() {
        int i = complete();
        Map<String, Object> rppa = features(i, "rppa");
        rppa.put(rppa.keySet().iterator().next(), null);
        JsonPath r = api().body(body(patient("P2", Map.of("rppa", rppa)), "targets", List.of("cna"), "draws", 2))
                .post("/v1/impute")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(
                keptFeatures("cna").size(),
                floats(r, "patients[0].imputed.cna.mean").size());
    }

    /**
     * The upload trigger takes the raw layout the CLI takes: {@code sample} then
     * {@code <modality>:<feature>} columns, a modality's cells empty when the patient lacks it; the
     * table comes back with every kept feature of every modality filled, the report as for codes.
     */
    @Test
    void aRawTableUploadComesBackImputedInRawFeatures() throws Exception {
        int i = complete();
        StringBuilder table = new StringBuilder("sample");
        List<String> given = List.of("cna", "rnaseq");
        for (String m : given) {
            for (String f : cohort.modality(m).features()) {
                table.append('\t').append(m).append(':').append(f);
            }
        }
        table.append('\n');
        for (String id : List.of("U1", "U2")) {
            table.append(id);
            for (String m : given) {
                float[] row = cohort.modality(m).row(i);
                for (float v : row) {
                    // U2 lacks rnaseq: every cell of the modality empty.
                    table.append('\t').append(id.equals("U2") && m.equals("rnaseq") || Float.isNaN(v) ? "" : v);
                }
            }
            table.append('\n');
        }
        try (S3Client s3 = S3MockResource.client(endpoint)) {
            TestBucket bucket = new TestBucket(s3, S3MockResource.UPLOADS_BUCKET);
            String key = "uploads/raw-batch.tsv";
            String etag = bucket.put(key, table.toString());
            JsonPath r = TestBucket.invoke(lambdaPort, bucket.event("s3-put.json", key, etag));
            assertEquals(ImputationUploadProcessor.IMPUTED, r.getString("objects[0].status"), r.prettify());
            String[] lines = bucket.readString("imputed/raw-batch.imputed.tsv").split("\n");
            assertEquals(3, lines.length);
            List<String> header = List.of(lines[0].split("\t"));
            List<String> expected = new ArrayList<>(List.of("sample"));
            for (JsonNode m : manifest.get("modalities")) {
                keptFeatures(m.get("name").asText())
                        .forEach(f -> expected.add(m.get("name").asText() + ":" + f));
            }
            assertEquals(expected, header, "every kept feature of every modality, by name");
            for (int row = 1; row < lines.length; row++) {
                String[] cells = lines[row].split("\t", -1);
                assertEquals(header.size(), cells.length);
                assertEquals("U" + row, cells[0]);
                for (int c = 1; c < cells.length; c++) {
                    assertTrue(Float.isFinite(Float.parseFloat(cells[c])), "row " + row + ", " + header.get(c));
                }
            }
            JsonPath report = new JsonPath(bucket.readString("imputed/raw-batch.report.json"));
            assertEquals("raw", report.getString("space"));
            assertEquals(
                    List.of("mirna", "rppa"),
                    List.copyOf(report.getMap("patients[0].imputed").keySet()));
            assertEquals(
                    List.of("mirna", "rnaseq", "rppa"),
                    List.copyOf(report.getMap("patients[1].imputed").keySet()));
        }
    }

    @Test
    void wrongFeatureNamesAreNamedIn4xxProblems() {
        int i = complete();
        Map<String, Object> rppa = features(i, "rppa");
        String first = rppa.keySet().iterator().next();
        Map<String, Object> renamed = new LinkedHashMap<>(rppa);
        renamed.put("NOT_A_PROTEIN", renamed.remove(first));
        assertProblem(
                api().body(body(patient("P3", Map.of("rppa", renamed))))
                        .post("/v1/impute")
                        .then(),
                400,
                "invalid-request",
                "patient 'P3', modality 'rppa': unknown features 'NOT_A_PROTEIN'; missing features '" + first + "'");
        Map<String, Object> rnaseq = features(i, "rnaseq");
        rnaseq.remove(rnaseq.keySet().iterator().next());
        assertProblem(
                api().body(body(patient("P4", Map.of("rnaseq", rnaseq))))
                        .post("/v1/impute")
                        .then(),
                400,
                "invalid-request",
                "all of them needed for the library size");
        assertProblem(
                api().body(body(patient("P5", Map.of("mrna", rppa))))
                        .post("/v1/impute")
                        .then(),
                400,
                "invalid-request",
                "patient 'P5': unknown modality 'mrna'");
        assertProblem(
                api().body("{\"space\":\"raw\",\"patients\":[{\"id\":\"P6\",\"features\":{\"rppa\":{\"" + first
                                + "\":\"1.5\"}}}]}")
                        .post("/v1/impute")
                        .then(),
                400,
                "invalid-request",
                "feature '" + first + "' is not a number");
        assertProblem(
                api().body("{\"space\":\"raw\",\"patients\":[{\"id\":\"P7\",\"features\":{\"rppa\":[1,2]}}]}")
                        .post("/v1/impute")
                        .then(),
                400,
                "invalid-request",
                "expected an object of feature name");
    }

    @Test
    void spaceAndFieldsMustAgree() {
        int i = complete();
        assertProblem(
                api().body(Map.of("patients", List.of(patient("P8", Map.of("rppa", features(i, "rppa"))))))
                        .post("/v1/impute")
                        .then(),
                400,
                "invalid-request",
                "\"features\" by name need \"space\": \"raw\"");
        assertProblem(
                api().body(body(Map.of("id", "P9", "modalities", Map.of("rppa", List.of(1, 2)))))
                        .post("/v1/impute")
                        .then(),
                400,
                "invalid-request",
                "space raw takes \"features\"");
        assertProblem(
                api().body(body(patient("P10", Map.of("rppa", features(i, "rppa"))), "space", "pixels"))
                        .post("/v1/impute")
                        .then(),
                400,
                "invalid-request",
                "space must be latent or raw");
        assertProblem(
                api().body(body(patient("P11", Map.of()))).post("/v1/impute").then(),
                422,
                "unconditional-generation-refused",
                "patient 'P11' has no observed modality");
    }
}
