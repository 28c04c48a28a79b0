package dev.coherent.functions.prioritization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coherent.cohort.ParquetTables;
import dev.coherent.functions.common.testing.S3MockResource;
import dev.coherent.functions.common.testing.TestBucket;
import dev.coherent.functions.common.testing.TestPatients;
import dev.coherent.functions.common.upload.UploadResponse;
import dev.coherent.functions.common.upload.UploadService;
import dev.coherent.prioritization.RankingTable;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Batch mode: cohort tables uploaded to S3Mock, events posted to the Lambda mock event server. The
 * ranking is written once per object version, poison files get an error object, inputs are never
 * touched.
 */
@QuarkusTest
@QuarkusTestResource(S3MockResource.class)
class PrioritizationS3HandlerTest {
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

    @Test
    void ranksAnUploadOnceAndARedeliveryWritesNothingNew() throws Exception {
        // Five rows: more than one chunk (coherent.upload.chunk-size=3 in the tests).
        String content = TestPatients.table(
                '\t',
                List.of("S1", "S2", "S3", "S4", "S5"),
                List.of(
                        List.of("rnaseq"),
                        List.of("cna", "rppa"),
                        List.of("cna", "rnaseq", "rppa", "wsi"),
                        List.of("wsi"),
                        List.of("cna")));
        String key = "uploads/cohort1.tsv";
        String etag = bucket.put(key, content);
        String event = bucket.event("s3-put.json", key, etag);

        JsonPath r = TestBucket.invoke(lambdaPort, event);
        assertEquals(PrioritizationUploadProcessor.PRIORITIZED, r.getString("objects[0].status"), r.prettify());
        assertEquals(
                List.of("priorities/cohort1.priorities.tsv", "priorities/cohort1.report.json"),
                r.getList("objects[0].outputs"));
        String[] lines = bucket.readString("priorities/cohort1.priorities.tsv").split("\n");
        assertEquals(String.join("\t", RankingTable.COLUMNS), lines[0]);
        // S1 lacks 3, S2 2, S3 none, S4 3, S5 3.
        assertEquals(1 + 11, lines.length);
        Set<String> pairs = new HashSet<>();
        List<Double> perCost = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String[] cells = lines[i].split("\t", -1);
            assertEquals(RankingTable.COLUMNS.size(), cells.length, lines[i]);
            assertEquals(String.valueOf(i), cells[0]);
            pairs.add(cells[1] + "/" + cells[2]);
            double cost = cells[2].equals("wsi") ? 0.5 : 1.0;
            assertEquals(cost, Double.parseDouble(cells[5]), 0);
            assertEquals(Double.parseDouble(cells[6]), Double.parseDouble(cells[3]), 0, "disagreement ranks");
            perCost.add(Double.parseDouble(cells[4]));
        }
        assertTrue(pairs.contains("S2/rnaseq") && pairs.contains("S5/wsi") && !pairs.contains("S2/cna"));
        assertEquals(11, pairs.size());
        for (int i = 1; i < perCost.size(); i++) {
            assertTrue(perCost.get(i) <= perCost.get(i - 1), "not sorted by score per cost at row " + i);
        }
        JsonPath report = new JsonPath(bucket.readString("priorities/cohort1.report.json"));
        assertEquals(5, report.getInt("patient_count"));
        assertEquals(11, report.getInt("pair_count"));
        assertEquals(42, report.getInt("seed"));
        assertEquals("stage", report.getString("label"));
        assertEquals(
                bucket.head("priorities/cohort1.report.json").metadata().get(UploadService.MODEL_SET_METADATA),
                report.getString("model_set.sha256"));
        assertEquals(content, bucket.readString(key), "the input was changed");

        Instant written = bucket.head("priorities/cohort1.report.json").lastModified();
        String firstTable = bucket.readString("priorities/cohort1.priorities.tsv");
        Thread.sleep(1100);
        JsonPath again = TestBucket.invoke(lambdaPort, event);
        assertEquals(PrioritizationUploadProcessor.ALREADY_PRIORITIZED, again.getString("objects[0].status"));
        assertEquals(
                List.of("priorities/cohort1.priorities.tsv", "priorities/cohort1.report.json"),
                bucket.keys("priorities/cohort1"));
        assertEquals(
                written,
                bucket.head("priorities/cohort1.report.json").lastModified(),
                "the redelivery rewrote the output");
        assertEquals(firstTable, bucket.readString("priorities/cohort1.priorities.tsv"));
        assertEquals(etag, bucket.head(key).eTag().replace("\"", ""));
    }

    @Test
    void theSameTableUploadedAgainGivesTheSameRanking() throws Exception {
        String content = TestPatients.table(',', List.of("R1", "R2"), List.of(List.of("cna"), List.of("rppa", "wsi")));
        String a = "uploads/lab/again-a.csv";
        String b = "uploads/lab/again-b.csv";
        assertEquals(
                PrioritizationUploadProcessor.PRIORITIZED,
                TestBucket.invoke(
                                lambdaPort, bucket.event("eventbridge-object-created.json", a, bucket.put(a, content)))
                        .getString("objects[0].status"));
        assertEquals(
                PrioritizationUploadProcessor.PRIORITIZED,
                TestBucket.invoke(lambdaPort, bucket.event("s3-put.json", b, bucket.put(b, content)))
                        .getString("objects[0].status"));
        assertEquals(
                bucket.readString("priorities/lab/again-a.priorities.tsv"),
                bucket.readString("priorities/lab/again-b.priorities.tsv"));
    }

    @Test
    void aParquetUploadGetsTheSameRankingAsParquet(@TempDir Path dir) throws Exception {
        String content = TestPatients.table('\t', List.of("R1", "R2"), List.of(List.of("cna"), List.of("rppa", "wsi")));
        String text = "uploads/lab/twin.tsv";
        TestBucket.invoke(lambdaPort, bucket.event("s3-put.json", text, bucket.put(text, content)));
        Path source = dir.resolve("twin.tsv");
        Files.writeString(source, content);
        Path parquet = dir.resolve("twin.parquet");
        ParquetTables.fromTsv(source, parquet);
        String key = "uploads/lab/twin.parquet";
        JsonPath r = TestBucket.invoke(
                lambdaPort, bucket.event("s3-put.json", key, bucket.put(key, Files.readAllBytes(parquet))));
        assertEquals(PrioritizationUploadProcessor.PRIORITIZED, r.getString("objects[0].status"), r.prettify());
        assertEquals(
                List.of("priorities/lab/twin.priorities.parquet", "priorities/lab/twin.report.json"),
                r.getList("objects[0].outputs"));
        Path ranking = dir.resolve("ranking.parquet");
        Files.write(ranking, bucket.read("priorities/lab/twin.priorities.parquet"));
        Path back = dir.resolve("ranking.tsv");
        ParquetTables.toTsv(ranking, "ranking.parquet", back);
        List<String> expected =
                List.of(bucket.readString("priorities/lab/twin.priorities.tsv").split("\n"));
        List<String> actual = Files.readAllLines(back);
        assertEquals(expected.size(), actual.size());
        assertEquals(expected.get(0), actual.get(0));
        for (int i = 1; i < expected.size(); i++) {
            String[] a = expected.get(i).split("\t", -1);
            String[] b = actual.get(i).split("\t", -1);
            for (int j = 0; j < a.length; j++) {
                if (a[j].matches("-?[0-9.eE+-]+")) {
                    assertEquals(Float.parseFloat(a[j]), Float.parseFloat(b[j]), "row " + i + " cell " + j);
                } else {
                    assertEquals(a[j].isEmpty() ? "NA" : a[j], b[j], "row " + i + " cell " + j);
                }
            }
        }
    }

    @Test
    void aPoisonFileGetsAnErrorObjectOnceAndItsInputIsKept() throws Exception {
        String content = TestPatients.table('\t', List.of("B1", "B2"), List.of(List.of("rnaseq"), List.of("cna")))
                .replaceFirst("\n(B1\t[^\t]*)\t", "\n$1\tnot-a-number\t");
        String key = "uploads/broken.tsv";
        String etag = bucket.put(key, content);
        String event = bucket.event("s3-put.json", key, etag);

        JsonPath r = TestBucket.invoke(lambdaPort, event);
        assertEquals(UploadResponse.FAILED, r.getString("objects[0].status"), r.prettify());
        assertEquals(List.of("errors/broken.error.json"), bucket.keys("errors/broken"));
        JsonPath error = new JsonPath(bucket.readString("errors/broken.error.json"));
        assertEquals("/problems/invalid-upload", error.getString("type"));
        assertEquals(422, error.getInt("status"));
        assertTrue(error.getString("detail").startsWith("broken.tsv:2:"), error.getString("detail"));
        assertEquals("s3://" + BUCKET + "/" + key, error.getString("instance"));
        assertTrue(bucket.keys("priorities/broken").isEmpty());
        assertEquals(content, bucket.readString(key));

        Instant written = bucket.head("errors/broken.error.json").lastModified();
        Thread.sleep(1100);
        JsonPath again = TestBucket.invoke(lambdaPort, event);
        assertEquals(UploadResponse.ALREADY_FAILED, again.getString("objects[0].status"));
        assertEquals(written, bucket.head("errors/broken.error.json").lastModified());
    }

    @Test
    void aRowWithoutAnyModalityIsRefusedInTheErrorObject() throws Exception {
        String key = "uploads/ghost.tsv";
        String etag =
                bucket.put(key, TestPatients.table('\t', List.of("G1", "G2"), List.of(List.of("cna"), List.of())));
        assertEquals(
                UploadResponse.FAILED,
                TestBucket.invoke(lambdaPort, bucket.event("s3-put.json", key, etag))
                        .getString("objects[0].status"));
        String detail = new JsonPath(bucket.readString("errors/ghost.error.json")).getString("detail");
        assertTrue(detail.contains("patient 'G2' has no observed modality"), detail);
        assertTrue(bucket.keys("priorities/ghost").isEmpty());
    }

    @Test
    void outputsAndOtherKeysAreIgnored() throws Exception {
        String out = "priorities/x.priorities.tsv";
        String etag = bucket.put(out, "rank\n");
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
                TestBucket.invoke(lambdaPort, bucket.event("s3-put.json", "elsewhere/cohort.tsv", etag))
                        .getString("objects[0].status"));
    }
}
