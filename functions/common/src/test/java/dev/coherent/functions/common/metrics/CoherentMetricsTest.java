package dev.coherent.functions.common.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoherentMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();

    private CoherentMetrics metrics(boolean emf) {
        return new CoherentMetrics(
                registry, "imputation", emf, "Coherent", new PrintStream(stdout, true, StandardCharsets.UTF_8));
    }

    private double count(String name, String route) {
        var c = registry.find(name)
                .tag("function", "imputation")
                .tag("route", route)
                .counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void answersAddUpPerRouteAndNothingIsPrintedOffLambda() {
        CoherentMetrics m = metrics(false);
        m.answered("impute", new CoherentMetrics.Answer(2, 1, 3, 30, 4, 1));
        m.answered("impute", new CoherentMetrics.Answer(1, 0, 1, 10, 0, 0));
        m.answered("upload", new CoherentMetrics.Answer(5, 0, 5, 50, 0, 2));
        assertEquals(3, count("coherent.patients", "impute"));
        assertEquals(1, count("coherent.ood.flagged", "impute"));
        assertEquals(4, count("coherent.imputed.modalities", "impute"));
        assertEquals(40, count("coherent.draws", "impute"));
        assertEquals(4, count("coherent.rejected.draws", "impute"));
        assertEquals(1, count("coherent.diverged.draws", "impute"));
        assertEquals(2, count("coherent.diverged.draws", "upload"));
        assertEquals(0, stdout.size());
    }

    @Test
    void theModelSetGaugeNamesOnlyTheSetServedNow() {
        CoherentMetrics m = metrics(false);
        m.servingModelSet("v1");
        assertEquals(
                1,
                registry.find("coherent.model.set.info")
                        .tag("version", "v1")
                        .gauge()
                        .value());
        m.servingModelSet("v2");
        assertNull(registry.find("coherent.model.set.info").tag("version", "v1").gauge());
        assertEquals(
                1,
                registry.find("coherent.model.set.info")
                        .tag("version", "v2")
                        .gauge()
                        .value());
        assertEquals(1, registry.find("coherent.model.set.info").gauges().size());
    }

    @Test
    void batchesRecordTheirSizeAndWait() {
        CoherentMetrics m = metrics(false);
        m.batch(3, 60, Duration.ofMillis(4));
        m.batch(1, 20, Duration.ofMillis(2));
        assertEquals(2, registry.find("coherent.batch.requests").summary().count());
        assertEquals(4, registry.find("coherent.batch.requests").summary().totalAmount());
        assertEquals(80, registry.find("coherent.batch.rows").summary().totalAmount());
        assertEquals(
                6,
                registry.find("coherent.batch.wait").timer().totalTime(java.util.concurrent.TimeUnit.MILLISECONDS),
                1e-6);
    }

    /** The line as the EMF specification describes it: a directive naming the metrics, their values at the root. */
    @Test
    void onLambdaEachAnswerIsOneEmbeddedMetricFormatLine() throws Exception {
        CoherentMetrics m = metrics(true);
        m.servingModelSet("v7");
        m.answered("upload", new CoherentMetrics.Answer(5, 2, 5, 50, 1, 3));
        String[] lines = stdout.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(1, lines.length);
        JsonNode line = new ObjectMapper().readTree(lines[0]);
        JsonNode aws = line.get("_aws");
        assertTrue(aws.get("Timestamp").isIntegralNumber());
        JsonNode directive = aws.get("CloudWatchMetrics").get(0);
        assertEquals("Coherent", directive.get("Namespace").asText());
        assertEquals("[[\"function\"]]", directive.get("Dimensions").toString());
        List<String> names = new ArrayList<>();
        for (JsonNode metric : directive.get("Metrics")) {
            assertEquals("Count", metric.get("Unit").asText());
            names.add(metric.get("Name").asText());
            // Every metric the directive names has its value at the root.
            assertTrue(line.get(metric.get("Name").asText()).isNumber(), metric.toString());
        }
        assertEquals(
                List.of(
                        "coherent_patients",
                        "coherent_ood_flagged",
                        "coherent_imputed_modalities",
                        "coherent_draws",
                        "coherent_rejected_draws",
                        "coherent_diverged_draws"),
                names);
        assertEquals("imputation", line.get("function").asText());
        assertEquals("upload", line.get("route").asText());
        assertEquals("v7", line.get("model_set_version").asText());
        assertEquals(2, line.get("coherent_ood_flagged").asInt());
        assertEquals(3, line.get("coherent_diverged_draws").asInt());
    }
}
