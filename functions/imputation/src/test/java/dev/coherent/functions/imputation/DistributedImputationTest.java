package dev.coherent.functions.imputation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coherent.functions.common.testing.S3MockResource;
import dev.coherent.functions.common.testing.TestBucket;
import dev.coherent.functions.common.testing.TestPatients;
import dev.coherent.functions.common.upload.UploadService;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The fan-out's steps through the Lambda handler, with the events Step Functions sends: a table
 * imputed in Distributed Map batches and assembled is, byte for byte, the table the inline path
 * writes; a poison row becomes the upload's error object, with the table's line number.
 */
@QuarkusTest
@QuarkusTestResource(S3MockResource.class)
class DistributedImputationTest {
    private static final String BUCKET = S3MockResource.UPLOADS_BUCKET;

    @ConfigProperty(name = "coherent.s3.endpoint")
    String endpoint;

    @ConfigProperty(name = "quarkus.lambda.mock-event-server.test-port")
    int lambdaPort;

    private S3Client s3;
    private TestBucket bucket;

    @BeforeEach
    void connect() {
        s3 = S3MockResource.client(endpoint);
        bucket = new TestBucket(s3, BUCKET);
    }

    @AfterEach
    void close() {
        s3.close();
    }

    private static List<String> columns(String table) {
        return Arrays.asList(table.substring(0, table.indexOf('\n')).split("\t", -1));
    }

    /** Imputes {@code table} inline (an S3 event) under uploads/inline/. */
    private void inline(String name, String table) {
        String key = "uploads/inline/" + name + ".tsv";
        JsonPath r = TestBucket.invoke(lambdaPort, bucket.event("s3-put.json", key, bucket.put(key, table)));
        assertEquals(ImputationUploadProcessor.IMPUTED, r.getString("objects[0].status"), r.prettify());
    }

    private ObjectNode stored(String name, String table, String parts) {
        String key = "uploads/map/" + name + ".tsv";
        String etag = bucket.put(key, table);
        return FanOutEvents.input(BUCKET, key, "etag:" + etag, "map/" + name, parts, columns(table));
    }

    @Test
    void batchesAndAssemblyWriteTheBytesOfOneInlineRun() {
        List<List<String>> present = List.of(
                List.of("rnaseq"),
                List.of("cna", "rppa"),
                List.of("cna", "rnaseq", "wsi"),
                List.of("wsi"),
                List.of("rppa", "wsi"),
                List.of("cna"),
                List.of("rnaseq", "rppa", "wsi"));
        List<String> ids = List.of("S1", "S2", "S3", "S4", "S5", "S6", "S7");
        String table = TestPatients.table('\t', ids, present);
        inline("cohort", table);
        ObjectNode input = stored("cohort", table, "parts/exec-1/");

        List<String> batches = FanOutEvents.batches(input, table, 3);
        assertEquals(3, batches.size());
        long rows = 0;
        for (String b : batches) {
            JsonPath r = TestBucket.invoke(lambdaPort, b);
            assertEquals("imputed", r.getString("status"), r.prettify());
            assertEquals(rows, r.getLong("first_row"));
            rows += r.getInt("rows");
        }
        assertEquals(7, rows);
        assertEquals(6, bucket.keys("parts/exec-1/").size(), "a table and a report part per batch");

        JsonPath r = TestBucket.invoke(lambdaPort, FanOutEvents.assembly(input));
        assertEquals("imputed", r.getString("objects[0].status"), r.prettify());
        assertEquals(
                List.of("imputed/map/cohort.imputed.tsv", "imputed/map/cohort.report.json"),
                r.getList("objects[0].outputs"));
        assertArrayEquals(
                bucket.read("imputed/inline/cohort.imputed.tsv"), bucket.read("imputed/map/cohort.imputed.tsv"));
        assertEquals(
                bucket.readString("imputed/inline/cohort.report.json"),
                bucket.readString("imputed/map/cohort.report.json"));
        assertEquals(
                input.get("source").asText(),
                bucket.head("imputed/map/cohort.report.json").metadata().get(UploadService.SOURCE_METADATA),
                "the inline path's idempotency marker");
        String modelSet =
                bucket.head("imputed/map/cohort.report.json").metadata().get(UploadService.MODEL_SET_METADATA);
        assertTrue(modelSet != null && modelSet.matches("[0-9a-f]{64}"), "the model set's sha256: " + modelSet);
        assertEquals(
                bucket.head("imputed/inline/cohort.report.json").metadata().get(UploadService.MODEL_SET_METADATA),
                modelSet,
                "the same model-set tag as the inline path");
        assertTrue(bucket.keys("parts/exec-1/").isEmpty(), "the parts are removed once assembled");

        // A redelivered assembly (Step Functions retries a task) writes nothing new.
        JsonPath again = TestBucket.invoke(lambdaPort, FanOutEvents.assembly(input));
        assertEquals(ImputationUploadProcessor.ALREADY_IMPUTED, again.getString("objects[0].status"));
    }

    @Test
    void takesTheBatchEventExactlyAsDistributedMapSendsIt() throws Exception {
        String event;
        try (InputStream in = getClass().getResourceAsStream("/events/distributed-map-batch.json")) {
            event = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("${bucket}", BUCKET)
                    .replace("${parts}", "parts/exec-literal/");
        }
        JsonNode literal = FanOutEvents.JSON.readTree(event);
        // The same rows as a table, imputed inline, are what the batch must give.
        List<String> columns = new ArrayList<>();
        literal.at("/BatchInput/columns").forEach(c -> columns.add(c.asText()));
        StringBuilder table = new StringBuilder(String.join("\t", columns)).append('\n');
        for (JsonNode item : literal.get("Items")) {
            List<String> cells = new ArrayList<>();
            columns.forEach(c -> cells.add(item.get("row").get(c).asText()));
            table.append(String.join("\t", cells)).append('\n');
        }
        inline("cohort", table.toString());

        JsonPath r = TestBucket.invoke(lambdaPort, event);
        assertEquals("imputed", r.getString("status"), r.prettify());
        assertEquals(2, r.getInt("rows"));
        assertEquals("parts/exec-literal/000000000000-000002", r.getString("part"));
        assertEquals(3, r.getInt("imputed_modalities"), "one modality of the first row, two of the second");

        ObjectNode input = stored("literal", table.toString(), "parts/exec-literal/");
        input.put("file", "cohort.tsv");
        JsonPath a = TestBucket.invoke(lambdaPort, FanOutEvents.assembly(input));
        assertEquals("imputed", a.getString("objects[0].status"), a.prettify());
        assertArrayEquals(
                bucket.read("imputed/inline/cohort.imputed.tsv"), bucket.read("imputed/map/literal.imputed.tsv"));
        assertArrayEquals(
                bucket.read("imputed/inline/cohort.report.json"), bucket.read("imputed/map/literal.report.json"));
    }

    @Test
    void aPoisonRowBecomesTheUploadsErrorObjectWithItsLineInTheTable() {
        String table = TestPatients.table(
                '\t',
                List.of("P1", "P2", "P3", "P4"),
                List.of(List.of("rnaseq"), List.of("cna"), List.of("wsi"), List.of("rppa")));
        String[] lines = table.split("\n");
        lines[4] = lines[4].replaceFirst("\t[-0-9.E]+", "\tnot-a-number"); // P4, line 5 of the file
        String poisoned = String.join("\n", lines) + "\n";
        ObjectNode input = stored("poison", poisoned, "parts/exec-poison/");
        List<String> results = new ArrayList<>();
        for (String b : FanOutEvents.batches(input, poisoned, 3)) {
            results.add(TestBucket.invoke(lambdaPort, b).getString("status"));
        }
        assertEquals(List.of("imputed", "failed"), results);

        JsonPath r = TestBucket.invoke(lambdaPort, FanOutEvents.assembly(input));
        assertEquals("failed", r.getString("objects[0].status"), r.prettify());
        JsonPath error = new JsonPath(bucket.readString("errors/map/poison.error.json"));
        assertEquals("/problems/invalid-upload", error.getString("type"));
        assertTrue(error.getString("detail").startsWith("poison.tsv:5:"), error.getString("detail"));
        assertEquals("s3://" + BUCKET + "/uploads/map/poison.tsv", error.getString("instance"));
        assertFalse(bucket.keys("imputed/map/poison").iterator().hasNext(), "no outputs for a refused file");
        assertTrue(bucket.keys("parts/exec-poison/").isEmpty());
    }
}
