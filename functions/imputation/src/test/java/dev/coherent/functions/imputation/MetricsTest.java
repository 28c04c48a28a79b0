package dev.coherent.functions.imputation;

import static dev.coherent.functions.common.testing.TestPatients.body;
import static dev.coherent.functions.common.testing.TestPatients.list;
import static dev.coherent.functions.common.testing.TestPatients.patient;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coherent.functions.common.testing.S3MockResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URL;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code /q/metrics}: Prometheus series of the HTTP server and of the function's own work, moving with traffic. */
@QuarkusTest
@QuarkusTestResource(S3MockResource.class)
class MetricsTest {
    @TestHTTPResource("/")
    URL base;

    private String metrics() {
        return given().baseUri("http://" + base.getHost())
                .port(base.getPort())
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
    }

    /** The value of the one series whose name and labels match {@code series} (a regex), 0 when absent. */
    private static double value(String metrics, String series) {
        Matcher m = Pattern.compile("(?m)^" + series + " ([0-9.eE+-]+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private void impute(int draws) {
        given().baseUri("http://" + base.getHost())
                .port(base.getPort())
                .contentType(ContentType.JSON)
                .body(body(
                        list(patient("P1", 0, "rnaseq", "rppa"), patient("P2", 1, "rnaseq")),
                        "draws",
                        draws,
                        "seed",
                        3))
                .post("/v1/impute")
                .then()
                .statusCode(200);
    }

    @Test
    void requestsAndImputedDrawsShowUpAsTheyHappen() {
        String before = metrics();
        String requests = "http_server_requests_seconds_count\\{[^}]*method=\"POST\"[^}]*status=\"200\"[^}]*"
                + "uri=\"/v1/impute\"[^}]*\\}";
        String draws = "coherent_draws_total\\{function=\"imputation\",route=\"impute\"\\}";
        String patients = "coherent_patients_total\\{function=\"imputation\",route=\"impute\"\\}";
        String modalities = "coherent_imputed_modalities_total\\{function=\"imputation\",route=\"impute\"\\}";
        impute(4);
        impute(6);
        String after = metrics();
        assertEquals(2, value(after, requests) - value(before, requests), after);
        // P1 lacks cna and wsi, P2 cna, rppa and wsi: 5 modalities per request.
        assertEquals(10, value(after, modalities) - value(before, modalities));
        assertEquals(5 * 4 + 5 * 6, value(after, draws) - value(before, draws));
        assertEquals(4, value(after, patients) - value(before, patients));
        // Latency histograms, the out-of-distribution and divergence counters, the set served.
        assertTrue(after.contains("http_server_requests_seconds_bucket{"), "no latency histogram");
        assertTrue(
                Pattern.compile("(?m)^coherent_ood_flagged_total\\{function=\"imputation\",route=\"impute\"\\} ")
                        .matcher(after)
                        .find(),
                "no out-of-distribution counter");
        assertTrue(after.contains("coherent_diverged_draws_total{function=\"imputation\",route=\"impute\"}"));
        assertEquals(1, value(after, "coherent_model_set_info\\{function=\"imputation\",version=\"test\"\\}"), after);
    }
}
