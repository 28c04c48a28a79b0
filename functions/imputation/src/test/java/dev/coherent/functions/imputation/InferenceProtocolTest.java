package dev.coherent.functions.imputation;

import static dev.coherent.functions.common.testing.TestPatients.body;
import static dev.coherent.functions.common.testing.TestPatients.list;
import static dev.coherent.functions.common.testing.TestPatients.values;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.coherent.functions.common.testing.AbstractHealthCheckTest;
import dev.coherent.functions.common.testing.S3MockResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.net.URL;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Open Inference Protocol (V2) flow against the running function: server metadata, model
 * metadata, inference, a bad tensor answered with the protocol's {@code {"error": …}}, and the
 * protocol's own example requests.
 */
@QuarkusTest
@QuarkusTestResource(S3MockResource.class)
class InferenceProtocolTest {
    @TestHTTPResource("/")
    URL base;

    private RequestSpecification api() {
        return given().baseUri("http://" + base.getHost()).port(base.getPort()).contentType(ContentType.JSON);
    }

    @BeforeEach
    void ready() throws InterruptedException {
        AbstractHealthCheckTest.awaitReady(api());
    }

    private static List<Float> row(int patient, String modality) {
        List<Float> out = new ArrayList<>();
        for (float v : values(patient, modality)) {
            out.add(v);
        }
        return out;
    }

    private static Map<String, Object> input(String name, List<Long> shape, String datatype, Object data) {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("name", name);
        in.put("shape", shape);
        in.put("datatype", datatype);
        in.put("data", data);
        return in;
    }

    /** Two test patients: both with rnaseq (nested data), rppa for the first only (flat data and a mask). */
    private static Map<String, Object> twoPatients() {
        List<Float> rppa = new ArrayList<>(row(0, "rppa"));
        rppa.addAll(row(0, "rppa"));
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("id", "42");
        request.put("parameters", Map.of("draws", 4, "seed", 7));
        request.put(
                "inputs",
                List.of(
                        input("rnaseq", List.of(2L, 32L), "FP32", List.of(row(0, "rnaseq"), row(1, "rnaseq"))),
                        input("rppa", List.of(2L, 32L), "FP32", rppa),
                        input("rppa_mask", List.of(2L), "BOOL", List.of(true, false))));
        return request;
    }

    private ValidatableResponse error(Object body, int status, String part) {
        return api().body(body)
                .post("/v2/models/imputation/infer")
                .then()
                .log()
                .ifValidationFails()
                .statusCode(status)
                .contentType(ContentType.JSON)
                .body("error", containsString(part))
                .body(not(containsString("Exception")))
                .body(not(containsString("dev.coherent")));
    }

    @Test
    void serverMetadataAndHealth() {
        api().get("/v2")
                .then()
                .statusCode(200)
                .body("name", equalTo("imputation"))
                .body("extensions", hasSize(0))
                .body("version", not(equalTo("")));
        api().get("/v2/health/live").then().statusCode(200).body("live", equalTo(true));
        api().get("/v2/health/ready").then().statusCode(200).body("ready", equalTo(true));
    }

    @Test
    void modelMetadataAndReadiness() {
        for (String path : List.of("/v2/models/imputation", "/v2/models/imputation/versions/test")) {
            api().get(path)
                    .then()
                    .statusCode(200)
                    .body("name", equalTo("imputation"))
                    .body("versions", equalTo(List.of("test")))
                    .body("platform", equalTo("coherent_diffusion"))
                    .body(
                            "inputs.name",
                            equalTo(List.of(
                                    "cna",
                                    "cna_mask",
                                    "rnaseq",
                                    "rnaseq_mask",
                                    "rppa",
                                    "rppa_mask",
                                    "wsi",
                                    "wsi_mask")))
                    .body("inputs[0].datatype", equalTo("FP32"))
                    .body("inputs[0].shape", equalTo(List.of(-1, 32)))
                    .body("inputs[1].datatype", equalTo("BOOL"))
                    .body("inputs[1].shape", equalTo(List.of(-1)))
                    .body("outputs.name", hasItem("wsi_upper"))
                    .body("outputs", hasSize(16))
                    .body("outputs[0].name", equalTo("cna_mean"))
                    .body("outputs[0].shape", equalTo(List.of(-1, 32)));
        }
        api().get("/v2/models/imputation/ready")
                .then()
                .statusCode(200)
                .body("ready", equalTo(true))
                .body("name", equalTo("imputation"));
        api().get("/v2/models/imputation/versions/test/ready")
                .then()
                .statusCode(200)
                .body("ready", equalTo(true));
        api().get("/v2/models/imputation/versions/v9/ready")
                .then()
                .statusCode(400)
                .body("ready", equalTo(false));
        api().get("/v2/models/other").then().statusCode(404).body("error", containsString("unknown model 'other'"));
        api().get("/v2/models/imputation/versions/v9")
                .then()
                .statusCode(404)
                .body("error", containsString("no version 'v9'"));
    }

    @Test
    void infersTheSameNumbersAsV1() {
        JsonPath r = api().body(twoPatients())
                .post("/v2/models/imputation/versions/test/infer")
                .then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .extract()
                .jsonPath();
        assertEquals("imputation", r.getString("model_name"));
        assertEquals("test", r.getString("model_version"));
        assertEquals("42", r.getString("id"));
        assertEquals(7, r.getLong("parameters.seed"));
        assertEquals(
                List.of(
                        "cna_mean",
                        "cna_std",
                        "cna_lower",
                        "cna_upper",
                        "rppa_mean",
                        "rppa_std",
                        "rppa_lower",
                        "rppa_upper",
                        "wsi_mean",
                        "wsi_std",
                        "wsi_lower",
                        "wsi_upper"),
                r.getList("outputs.name"));
        assertEquals(List.of(2, 32), r.getList("outputs[0].shape"));
        assertEquals("FP32", r.getString("outputs[0].datatype"));
        // The same patients over /v1/impute, named by their rows.
        Map<String, Object> p0 =
                Map.of("id", "0", "modalities", Map.of("rnaseq", values(0, "rnaseq"), "rppa", values(0, "rppa")));
        Map<String, Object> p1 = Map.of("id", "1", "modalities", Map.of("rnaseq", values(1, "rnaseq")));
        JsonPath v1 = api().body(body(list(p0, p1), "draws", 4, "seed", 7))
                .post("/v1/impute")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        List<Float> cna = r.getList("outputs[0].data", Float.class);
        assertEquals(64, cna.size());
        assertEquals(v1.getList("patients[0].imputed.cna.mean", Float.class), cna.subList(0, 32));
        assertEquals(v1.getList("patients[1].imputed.cna.mean", Float.class), cna.subList(32, 64));
        // rppa: the first patient has it (its values, std 0), the second gets it imputed.
        List<Float> rppaMean = r.getList("outputs[4].data", Float.class);
        assertEquals(row(0, "rppa"), rppaMean.subList(0, 32));
        assertEquals(v1.getList("patients[1].imputed.rppa.mean", Float.class), rppaMean.subList(32, 64));
        assertEquals(0f, r.getList("outputs[5].data", Float.class).get(0));
        assertNotEquals(0f, r.getList("outputs[5].data", Float.class).get(32));
        // Only the requested outputs.
        Map<String, Object> some = twoPatients();
        some.put("outputs", List.of(Map.of("name", "wsi_mean")));
        api().body(some)
                .post("/v2/models/imputation/infer")
                .then()
                .statusCode(200)
                .body("outputs.name", equalTo(List.of("wsi_mean")));
    }

    @Test
    void badTensorsAndParametersAreProtocolErrors() {
        Map<String, Object> r = twoPatients();
        r.put(
                "inputs",
                List.of(input("rnaseq", List.of(2L, 32L), "INT32", List.of(row(0, "rnaseq"), row(1, "rnaseq")))));
        error(r, 400, "input 'rnaseq' must be FP32, got INT32");
        r.put("inputs", List.of(input("rnaseq", List.of(2L, 31L), "FP32", row(0, "rnaseq"))));
        error(r, 400, "must have shape [2, 32]");
        r.put("inputs", List.of(input("rnaseq", List.of(2L, 32L), "FP32", row(0, "rnaseq"))));
        error(r, 400, "has 32 values; its shape [2, 32] needs 64");
        r.put(
                "inputs",
                List.of(
                        input("rnaseq", List.of(1L, 32L), "FP32", row(0, "rnaseq")),
                        input("rppa", List.of(2L, 32L), "FP32", List.of(row(0, "rppa"), row(1, "rppa")))));
        error(r, 400, "every input has one row per patient");
        r.put("inputs", List.of(input("rnaseq_mask", List.of(1L), "BOOL", List.of(true))));
        error(r, 400, "has no input 'rnaseq'");
        List<Object> withNull = new ArrayList<>(row(0, "rnaseq"));
        withNull.set(3, null);
        r.put("inputs", List.of(input("rnaseq", List.of(1L, 32L), "FP32", withNull)));
        error(r, 400, "element 3 is not a finite number");
        Map<String, Object> params = twoPatients();
        params.put("parameters", Map.of("draws", 2.5));
        error(params, 400, "parameter 'draws' must be a whole number");
        params.put("parameters", Map.of("temperature", 1));
        error(params, 400, "unknown parameter 'temperature'");
        params.put("parameters", Map.of("draws", 500));
        error(params, 400, "draws must be between 1 and 20");
        Map<String, Object> nobody = twoPatients();
        nobody.put(
                "inputs",
                List.of(
                        input("rnaseq", List.of(1L, 32L), "FP32", row(0, "rnaseq")),
                        input("rnaseq_mask", List.of(1L), "BOOL", List.of(false))));
        error(nobody, 422, "has no observed modality");
        error("{\"inputs\": [", 400, "not a valid inference request");
        error("", 400, "empty");
        Map<String, Object> unknownOutput = twoPatients();
        unknownOutput.put("outputs", List.of(Map.of("name", "rnaseq_mean")));
        error(unknownOutput, 400, "output 'rnaseq_mean' is not produced");
        api().body(twoPatients())
                .post("/v2/models/other/infer")
                .then()
                .statusCode(404)
                .body("error", containsString("unknown model 'other'"));
    }

    @Test
    void httpErrorsOnProtocolPathsAreErrorObjectsToo() {
        // Refused before the REST layer (body limit) and by it (media type, path, method).
        StringBuilder huge = new StringBuilder("{\"inputs\":[{\"name\":\"rnaseq\",\"data\":[");
        huge.append("1.5,".repeat(30_000)).append("1]}]}");
        error(huge.toString(), 413, "the limit is 65536 bytes");
        api().contentType(ContentType.TEXT)
                .body("hello")
                .post("/v2/models/imputation/infer")
                .then()
                .statusCode(415)
                .contentType(ContentType.JSON)
                .body("error", containsString("application/json"));
        api().get("/v2/nothing")
                .then()
                .statusCode(404)
                .contentType(ContentType.JSON)
                .body("error", containsString("/v2/nothing"));
        api().delete("/v2").then().statusCode(405).contentType(ContentType.JSON).body("error", containsString("/v2"));
        // Elsewhere the same refusals stay problem documents.
        api().get("/v1/nothing").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void theProtocolsExampleRequestIsAnsweredWithAnError() {
        // The example request of the protocol's inference_rest.md, sent to this model.
        String example = "{\"id\" : \"42\", \"inputs\" : [ {\"name\" : \"input0\", \"shape\" : [ 2, 2 ],"
                + " \"datatype\" : \"UINT32\", \"data\" : [ 1, 2, 3, 4 ] }, {\"name\" : \"input1\", \"shape\" : [ 3 ],"
                + " \"datatype\" : \"BOOL\", \"data\" : [ true ] } ], \"outputs\" : [ { \"name\" : \"output0\" } ] }";
        error(example, 400, "unknown input 'input0'");
        // Its shape, written for this model: two patients' rnaseq as one flat FP32 tensor.
        List<Float> flat = new ArrayList<>(row(0, "rnaseq"));
        flat.addAll(row(1, "rnaseq"));
        String mine = "{\"id\" : \"42\", \"inputs\" : [ {\"name\" : \"rnaseq\", \"shape\" : [ 2, 32 ],"
                + " \"datatype\" : \"FP32\", \"data\" : " + flat
                + " } ], \"outputs\" : [ { \"name\" : \"cna_mean\" } ] }";
        api().body(mine)
                .post("/v2/models/imputation/infer")
                .then()
                .statusCode(200)
                .body("id", equalTo("42"))
                .body("outputs", hasSize(1))
                .body("outputs[0].name", equalTo("cna_mean"))
                .body("outputs[0].shape", equalTo(List.of(2, 32)))
                .body("outputs[0].data", hasSize(64));
    }
}
