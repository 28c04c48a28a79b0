package dev.coherent.functions.imputation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coherent.cohort.TableFormat;
import dev.coherent.functions.common.testing.S3MockResource;
import dev.coherent.functions.common.testing.TestBucket;
import dev.coherent.functions.common.testing.TestPatients;
import dev.coherent.functions.common.upload.UploadResponse;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * With a state machine configured, uploads from {@code threshold-rows} rows go to the fan-out (once
 * per version; comma-separated ones to its comma reader), smaller ones are imputed inline; the execution input
 * carries what the batches and the assembly need, and running them gives the inline outputs' keys.
 */
@QuarkusTest
@TestProfile(DistributedRoutingTest.FanOut.class)
@QuarkusTestResource(S3MockResource.class)
class DistributedRoutingTest {
    static final String ARN = "arn:aws:states:us-east-1:123456789012:stateMachine:coherent-imputation-fan-out";

    public static class FanOut implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "coherent.upload.distributed.state-machine-arn",
                    ARN,
                    "coherent.upload.distributed.threshold-rows",
                    "5");
        }
    }

    @ConfigProperty(name = "coherent.s3.endpoint")
    String endpoint;

    @ConfigProperty(name = "quarkus.lambda.mock-event-server.test-port")
    int lambdaPort;

    private S3Client s3;
    private TestBucket bucket;

    @BeforeEach
    void connect() {
        s3 = S3MockResource.client(endpoint);
        bucket = new TestBucket(s3, S3MockResource.UPLOADS_BUCKET);
    }

    @AfterEach
    void close() {
        s3.close();
    }

    private static String table(char delimiter, int rows) {
        List<String> ids = new java.util.ArrayList<>();
        List<List<String>> present = new java.util.ArrayList<>();
        for (int i = 0; i < rows; i++) {
            ids.add("R" + i);
            present.add(List.of(TestPatients.MODALITIES.get(i % 4)));
        }
        return TestPatients.table(delimiter, ids, present);
    }

    private JsonPath upload(String key, String content) {
        return TestBucket.invoke(lambdaPort, bucket.event("s3-put.json", key, bucket.put(key, content)));
    }

    @Test
    void largeUploadsStartTheStateMachineOncePerVersion() throws Exception {
        RecordingStateMachineStarter.STARTED.clear();
        String table = table('\t', 6);
        JsonPath r = upload("uploads/large.tsv", table);
        assertEquals(DistributedUploads.DISTRIBUTED, r.getString("objects[0].status"), r.prettify());
        assertEquals(
                List.of("imputed/large.imputed.tsv", "imputed/large.report.json"), r.getList("objects[0].outputs"));
        assertTrue(
                r.getString("objects[0].detail").contains(":execution:coherent-imputation-fan-out:impute-"),
                r.getString("objects[0].detail"));
        assertEquals(1, RecordingStateMachineStarter.STARTED.size());
        List<String> started = RecordingStateMachineStarter.STARTED.get(0);
        assertEquals(ARN, started.get(0));
        assertTrue(started.get(1).matches("impute-[0-9a-f]{40}"), started.get(1));
        ObjectNode input = (ObjectNode) FanOutEvents.JSON.readTree(started.get(2));
        assertEquals("large.tsv", input.get("file").asText());
        assertEquals("parts/" + started.get(1) + "/", input.get("parts").asText());
        assertEquals(129, input.get("columns").size());
        assertEquals(256, input.get("batch_rows").asInt());
        assertTrue(bucket.keys("imputed/large").isEmpty(), "nothing imputed inline");

        // The redelivery (EventBridge in production) finds the execution instead of starting another.
        JsonPath again = TestBucket.invoke(
                lambdaPort,
                bucket.event(
                        "s3-put.json",
                        "uploads/large.tsv",
                        bucket.head("uploads/large.tsv").eTag().replace("\"", "")));
        assertEquals(UploadResponse.ALREADY + DistributedUploads.DISTRIBUTED, again.getString("objects[0].status"));
        assertEquals(1, RecordingStateMachineStarter.STARTED.size());

        // What the state machine then does, with this input: the outputs under the inline keys.
        for (String b : FanOutEvents.batches(input, table, 4)) {
            assertEquals("imputed", TestBucket.invoke(lambdaPort, b).getString("status"));
        }
        JsonPath done = TestBucket.invoke(lambdaPort, FanOutEvents.assembly(input));
        assertEquals("imputed", done.getString("objects[0].status"), done.prettify());
        assertEquals(7, bucket.readString("imputed/large.imputed.tsv").split("\n").length);
        // From now on the upload is done, whichever path imputed it.
        JsonPath after = TestBucket.invoke(
                lambdaPort,
                bucket.event(
                        "s3-put.json",
                        "uploads/large.tsv",
                        bucket.head("uploads/large.tsv").eTag().replace("\"", "")));
        assertEquals(ImputationUploadProcessor.ALREADY_IMPUTED, after.getString("objects[0].status"));
    }

    @Test
    void commaSeparatedUploadsGoToTheCommaReaderAndImputeAsTabSeparatedOnes() throws Exception {
        RecordingStateMachineStarter.STARTED.clear();
        String tsv = table('\t', 6);
        // A quoted id, as spreadsheets write them: the reader unquotes it.
        String csv = table(',', 6).replace("\nR0,", "\n\"R0\",");
        upload("uploads/rows-tab.tsv", tsv);
        JsonPath r = upload("uploads/rows-comma.csv", csv);
        assertEquals(DistributedUploads.DISTRIBUTED, r.getString("objects[0].status"), r.prettify());
        assertEquals(2, RecordingStateMachineStarter.STARTED.size());
        List<String> outputs = new java.util.ArrayList<>();
        for (List<String> started : RecordingStateMachineStarter.STARTED) {
            ObjectNode input = (ObjectNode) FanOutEvents.JSON.readTree(started.get(2));
            boolean comma = input.get("key").asText().endsWith(".csv");
            assertEquals(comma ? "COMMA" : "TAB", input.get("delimiter").asText());
            assertEquals(129, input.get("columns").size());
            for (String b :
                    FanOutEvents.batches(input, comma ? csv : tsv, comma ? TableFormat.CSV : TableFormat.TSV, 4)) {
                assertEquals("imputed", TestBucket.invoke(lambdaPort, b).getString("status"));
            }
            JsonPath done = TestBucket.invoke(lambdaPort, FanOutEvents.assembly(input));
            assertEquals("imputed", done.getString("objects[0].status"), done.prettify());
            outputs.add(bucket.readString(input.get("table_key").asText()));
        }
        assertTrue(outputs.get(0).startsWith("sample\t") && outputs.get(0).contains("\nR0\t"), outputs.get(0));
        assertEquals(outputs.get(0), outputs.get(1));
    }

    @Test
    void smallUploadsStayInline() {
        RecordingStateMachineStarter.STARTED.clear();
        JsonPath small = upload("uploads/small.tsv", table('\t', 4));
        assertEquals(ImputationUploadProcessor.IMPUTED, small.getString("objects[0].status"), small.prettify());
        JsonPath csv = upload("uploads/narrow.csv", table(',', 4));
        assertEquals(ImputationUploadProcessor.IMPUTED, csv.getString("objects[0].status"), csv.prettify());
        assertEquals(Collections.emptyList(), RecordingStateMachineStarter.STARTED);
        assertArrayEquals(
                new String[] {"imputed/small.imputed.tsv", "imputed/small.report.json"},
                bucket.keys("imputed/small").stream().sorted().toArray());
    }
}
