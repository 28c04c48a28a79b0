package dev.coherent.functions.imputation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coherent.cohort.ParquetTables;
import dev.coherent.functions.common.testing.S3MockResource;
import dev.coherent.functions.common.testing.TestBucket;
import dev.coherent.functions.common.testing.TestPatients;
import dev.coherent.functions.common.upload.UploadResponse;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The upload trigger: S3 and EventBridge events posted to the Lambda mock event server, against
 * S3Mock. Outputs are written once per object version, poison files get an error object, and
 * inputs are never touched.
 */
@QuarkusTest
@QuarkusTestResource(S3MockResource.class)
class ImputationS3HandlerTest {
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

    private static String table(List<String> ids, List<List<String>> present) {
        return TestPatients.table('\t', ids, present);
    }

    @Test
    void imputesAnUploadOnceAndARedeliveryWritesNothingNew() throws Exception {
        String content = table(
                List.of("S1", "S2", "S3", "S4"),
                List.of(
                        List.of("rnaseq"),
                        List.of("cna", "rppa"),
                        List.of("cna", "rnaseq", "rppa", "wsi"),
                        List.of("wsi")));
        String key = "uploads/batch1.tsv";
        String etag = bucket.put(key, content);
        String event = bucket.event("s3-put.json", key, etag);

        JsonPath r = TestBucket.invoke(lambdaPort, event);
        assertEquals(ImputationUploadProcessor.IMPUTED, r.getString("objects[0].status"), r.prettify());
        assertEquals(
                List.of("imputed/batch1.imputed.tsv", "imputed/batch1.report.json"), r.getList("objects[0].outputs"));
        String[] lines = bucket.readString("imputed/batch1.imputed.tsv").split("\n");
        assertEquals(5, lines.length);
        for (int i = 1; i < lines.length; i++) {
            assertFalse(lines[i].contains("\t\t") || lines[i].endsWith("\t"), "a gap is left in row " + i);
            assertEquals(1 + 4 * 32, lines[i].split("\t", -1).length);
        }
        JsonPath report = new JsonPath(bucket.readString("imputed/batch1.report.json"));
        assertEquals(4, report.getInt("patient_count"));
        assertEquals(42, report.getInt("seed"));
        assertEquals("auto", report.getString("variance"), "the report records what changes the draws");
        assertEquals(
                List.of("cna", "rppa", "wsi"),
                List.copyOf(report.getMap("patients[0].imputed").keySet()));
        assertTrue(report.getMap("patients[2].imputed").isEmpty());
        assertArrayEquals(content.getBytes(StandardCharsets.UTF_8), bucket.read(key), "the input was changed");
        Instant written = bucket.head("imputed/batch1.report.json").lastModified();
        byte[] firstTable = bucket.read("imputed/batch1.imputed.tsv");

        Thread.sleep(1100);
        JsonPath again = TestBucket.invoke(lambdaPort, event);
        assertEquals(ImputationUploadProcessor.ALREADY_IMPUTED, again.getString("objects[0].status"));
        assertEquals(
                List.of("imputed/batch1.imputed.tsv", "imputed/batch1.report.json"), bucket.keys("imputed/batch1"));
        assertEquals(
                written, bucket.head("imputed/batch1.report.json").lastModified(), "the redelivery rewrote the output");
        assertArrayEquals(firstTable, bucket.read("imputed/batch1.imputed.tsv"));
        assertEquals(etag, bucket.head(key).eTag().replace("\"", ""));
    }

    @Test
    void eventBridgeEventsAndCsvUploadsInFoldersWork() throws Exception {
        String csv = TestPatients.table(',', List.of("E1", "E2"), List.of(List.of("cna"), List.of("rppa", "wsi")));
        String key = "uploads/lab a/batch2.csv";
        String etag = bucket.put(key, csv);
        JsonPath r = TestBucket.invoke(lambdaPort, bucket.event("eventbridge-object-created.json", key, etag));
        assertEquals(ImputationUploadProcessor.IMPUTED, r.getString("objects[0].status"), r.prettify());
        assertEquals(
                List.of("imputed/lab a/batch2.imputed.tsv", "imputed/lab a/batch2.report.json"),
                bucket.keys("imputed/lab a/"));
    }

    @Test
    void aParquetUploadIsImputedIntoParquet(@TempDir Path dir) throws Exception {
        Path text = dir.resolve("batch3.tsv");
        Files.writeString(text, table(List.of("Q1", "Q2"), List.of(List.of("rnaseq"), List.of("cna", "wsi"))));
        Path parquet = dir.resolve("batch3.parquet");
        ParquetTables.fromTsv(text, parquet);
        String key = "uploads/batch3.parquet";
        String etag = bucket.put(key, Files.readAllBytes(parquet));
        JsonPath r = TestBucket.invoke(lambdaPort, bucket.event("s3-put.json", key, etag));
        assertEquals(ImputationUploadProcessor.IMPUTED, r.getString("objects[0].status"), r.prettify());
        assertEquals(
                List.of("imputed/batch3.imputed.parquet", "imputed/batch3.report.json"), bucket.keys("imputed/batch3"));
        assertEquals(
                ParquetTables.MEDIA_TYPE,
                bucket.head("imputed/batch3.imputed.parquet").contentType());
        Path out = dir.resolve("out.parquet");
        Files.write(out, bucket.read("imputed/batch3.imputed.parquet"));
        Path back = dir.resolve("out.tsv");
        ParquetTables.toTsv(out, "out.parquet", back);
        List<String> lines = Files.readAllLines(back);
        assertEquals(3, lines.size());
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split("\t", -1);
            assertEquals(1 + 4 * 32, cells.length);
            assertFalse(List.of(cells).contains("NA"), "a gap is left in row " + i);
        }
        assertEquals(2, new JsonPath(bucket.readString("imputed/batch3.report.json")).getInt("patient_count"));

        String junk = "uploads/junk.parquet";
        String junkTag = bucket.put(junk, "sample\tcna_00\nQ1\t1\n");
        JsonPath refused = TestBucket.invoke(lambdaPort, bucket.event("s3-put.json", junk, junkTag));
        assertEquals(UploadResponse.FAILED, refused.getString("objects[0].status"), refused.prettify());
        JsonPath error = new JsonPath(bucket.readString("errors/junk.error.json"));
        assertEquals("/problems/invalid-upload", error.getString("type"));
        assertTrue(error.getString("detail").startsWith("junk.parquet: not a readable Parquet file"), error.prettify());
    }

    @Test
    void notificationKeysAreUrlDecoded() throws Exception {
        String key = "uploads/my batch+1.tsv";
        String etag = bucket.put(key, table(List.of("K1"), List.of(List.of("rnaseq"))));
        JsonPath r = TestBucket.invoke(
                lambdaPort, bucket.event("s3-put.json", URLEncoder.encode(key, StandardCharsets.UTF_8), etag));
        assertEquals(ImputationUploadProcessor.IMPUTED, r.getString("objects[0].status"), r.prettify());
        assertEquals(
                List.of("imputed/my batch+1.imputed.tsv", "imputed/my batch+1.report.json"),
                bucket.keys("imputed/my batch"));
    }

    @Test
    void aPoisonFileGetsAnErrorObjectOnceAndItsInputIsKept() throws Exception {
        String content = table(List.of("B1", "B2"), List.of(List.of("rnaseq"), List.of("cna")))
                .replaceFirst("\n(B1\t[^\t]*)\t", "\n$1\tnot-a-number\t");
        String key = "uploads/broken.tsv";
        String etag = bucket.put(key, content);
        String event = bucket.event("s3-put.json", key, etag);

        JsonPath r = TestBucket.invoke(lambdaPort, event);
        assertEquals(UploadResponse.FAILED, r.getString("objects[0].status"), r.prettify());
        assertEquals(List.of("errors/broken.error.json"), bucket.keys("errors/broken"));
        JsonPath error = new JsonPath(bucket.readString("errors/broken.error.json"));
        assertEquals("/problems/invalid-upload", error.getString("type"));
        assertTrue(error.getString("detail").startsWith("broken.tsv:2:"), error.getString("detail"));
        assertEquals("s3://" + BUCKET + "/" + key, error.getString("instance"));
        assertTrue(bucket.keys("imputed/broken").isEmpty());
        assertArrayEquals(content.getBytes(StandardCharsets.UTF_8), bucket.read(key));

        Instant written = bucket.head("errors/broken.error.json").lastModified();
        Thread.sleep(1100);
        JsonPath again = TestBucket.invoke(lambdaPort, event);
        assertEquals(UploadResponse.ALREADY_FAILED, again.getString("objects[0].status"));
        assertEquals(written, bucket.head("errors/broken.error.json").lastModified());
    }

    @Test
    void theGateRefusesARowWithoutAnyModality() throws Exception {
        String key = "uploads/ghost.tsv";
        String etag = bucket.put(key, table(List.of("G1", "G2"), List.of(List.of("cna"), List.of())));
        JsonPath r = TestBucket.invoke(lambdaPort, bucket.event("s3-put.json", key, etag));
        assertEquals(UploadResponse.FAILED, r.getString("objects[0].status"));
        JsonPath error = new JsonPath(bucket.readString("errors/ghost.error.json"));
        assertTrue(
                error.getString("detail").contains("patient 'G2' has no observed modality"), error.getString("detail"));
    }

    @Test
    void outputsOtherKeysAndUnknownEventsAreIgnoredWithoutError() throws Exception {
        String out = "imputed/x.imputed.tsv";
        String etag = bucket.put(out, "sample\n");
        assertEquals(
                UploadResponse.IGNORED,
                TestBucket.invoke(lambdaPort, bucket.event("s3-put.json", out, etag))
                        .getString("objects[0].status"));
        assertEquals(
                UploadResponse.IGNORED,
                TestBucket.invoke(lambdaPort, bucket.event("s3-put.json", "uploads/notes.json", etag))
                        .getString("objects[0].status"));
        assertEquals(
                UploadResponse.IGNORED,
                TestBucket.invoke(lambdaPort, bucket.event("s3-put.json", "uploads/gone.tsv", etag))
                        .getString("objects[0].status"));
        JsonPath unknown = TestBucket.invoke(lambdaPort, "{\"hello\":\"world\"}");
        assertTrue(unknown.getList("objects").isEmpty());
        assertEquals(1, unknown.getList("ignored").size());
    }

    @Test
    void s3EventsInsideSqsMessagesWork() throws Exception {
        String key = "uploads/queued.tsv";
        String etag = bucket.put(key, table(List.of("Q1"), List.of(List.of("cna", "wsi"))));
        String inner = bucket.event("s3-put.json", key, etag);
        String sqs = "{\"Records\":[{\"messageId\":\"1\",\"eventSource\":\"aws:sqs\",\"body\":"
                + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(inner) + "}]}";
        assertEquals(
                ImputationUploadProcessor.IMPUTED,
                TestBucket.invoke(lambdaPort, sqs).getString("objects[0].status"));
    }
}
