package dev.coherent.functions.common.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coherent.functions.common.problem.CommonProblemType;
import dev.coherent.functions.common.problem.ProblemException;
import dev.coherent.functions.common.problem.ProblemType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The upload contract with a stand-in processor and an in-memory bucket: outputs, idempotency, poison files, retries. */
class UploadServiceTest {
    private static final String BUCKET = "uploads-bucket";
    private static final ProblemType POISON = ProblemType.of(422, "invalid-upload", "Upload cannot be scored");

    /** Upper-cases a table into {@code .scores.tsv} and writes a report; "bad" files are poison, "busy" ones retryable. */
    static final class Scorer implements UploadProcessor {
        int calls;

        @Override
        public String doneLabel() {
            return "scored";
        }

        @Override
        public String inputKind() {
            return "table";
        }

        @Override
        public List<String> extensions() {
            return List.of(".tsv", ".csv");
        }

        @Override
        public List<Output> outputs() {
            return List.of(
                    new Output(".scores.tsv", "text/tab-separated-values"),
                    new Output(".report.json", "application/json"));
        }

        @Override
        public Result process(InputStream in, String fileName, List<OutputStream> outputs) {
            calls++;
            try {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                if (text.startsWith("bad")) {
                    throw new InvalidUploadException(POISON, fileName + ":1: not a number");
                }
                if (text.startsWith("busy")) {
                    throw new ProblemException(CommonProblemType.MODEL_SET_UNAVAILABLE, "still loading");
                }
                outputs.get(0).write(text.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
                outputs.get(1).write(("{\"file\":\"" + fileName + "\"}").getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Result("scored 1 table", Map.of(UploadService.MODEL_SET_METADATA, "abc123"));
        }
    }

    @TempDir
    Path work;

    private final ObjectMapper json = new ObjectMapper();
    private MemoryStorage storage;
    private Scorer scorer;
    private UploadService uploads;

    @BeforeEach
    void setUp() {
        storage = new MemoryStorage();
        scorer = new Scorer();
        uploads = new UploadService(new TestConfig(work.toString(), null), scorer, storage, json);
    }

    private UploadResponse.Outcome process(String key, String etag) {
        return uploads.process(new UploadedObject(BUCKET, key, null, null, etag));
    }

    @Test
    void writesEveryOutputWithSourceMetadataOnceAndARedeliveryDoesNoWork() throws IOException {
        String etag = storage.upload(BUCKET, "uploads/lab/a.tsv", "x\t1\n");
        UploadResponse.Outcome r = process("uploads/lab/a.tsv", etag);
        assertEquals("scored", r.status(), r.detail());
        assertEquals("scored 1 table", r.detail());
        assertEquals(List.of("outputs/lab/a.scores.tsv", "outputs/lab/a.report.json"), r.outputs());
        MemoryStorage.StoredObject table = storage.get(BUCKET, "outputs/lab/a.scores.tsv");
        assertEquals("X\t1\n", table.text());
        assertEquals("text/tab-separated-values", table.contentType());
        assertEquals(
                Map.of(UploadService.SOURCE_METADATA, "etag:" + etag, UploadService.MODEL_SET_METADATA, "abc123"),
                table.metadata());
        MemoryStorage.StoredObject report = storage.get(BUCKET, "outputs/lab/a.report.json");
        assertEquals("{\"file\":\"a.tsv\"}", report.text());
        assertEquals(table.metadata(), report.metadata());
        int writes = storage.writes;

        UploadResponse.Outcome again = process("uploads/lab/a.tsv", etag);
        assertEquals(UploadResponse.ALREADY + "scored", again.status());
        assertEquals("this version was already scored", again.detail());
        assertEquals(r.outputs(), again.outputs());
        assertEquals(1, scorer.calls);
        assertEquals(writes, storage.writes);
        try (Stream<Path> staged = Files.list(work)) {
            assertEquals(0, staged.count(), "staged files are left in the work folder");
        }
    }

    @Test
    void aPoisonFileGetsOneErrorObjectAndAFixedVersionReplacesIt() throws IOException {
        String etag = storage.upload(BUCKET, "uploads/b.csv", "bad\n");
        UploadResponse.Outcome r = process("uploads/b.csv", etag);
        assertEquals(UploadResponse.FAILED, r.status());
        assertEquals("b.csv:1: not a number", r.detail());
        assertEquals(List.of("errors/b.error.json"), r.outputs());
        MemoryStorage.StoredObject error = storage.get(BUCKET, "errors/b.error.json");
        assertEquals(ProblemType.MEDIA_TYPE, error.contentType());
        assertEquals("etag:" + etag, error.metadata().get(UploadService.SOURCE_METADATA));
        JsonNode body = json.readTree(error.data());
        assertEquals("/problems/invalid-upload", body.get("type").asText());
        assertEquals("Upload cannot be scored", body.get("title").asText());
        assertEquals(422, body.get("status").asInt());
        assertEquals("b.csv:1: not a number", body.get("detail").asText());
        assertEquals("s3://" + BUCKET + "/uploads/b.csv", body.get("instance").asText());
        assertEquals(etag, body.at("/source/etag").asText());
        assertNull(storage.get(BUCKET, "outputs/b.scores.tsv"));

        assertEquals(
                UploadResponse.ALREADY_FAILED, process("uploads/b.csv", etag).status());
        assertEquals(1, scorer.calls);

        String fixed = storage.upload(BUCKET, "uploads/b.csv", "good\n");
        assertEquals("scored", process("uploads/b.csv", fixed).status());
        assertNull(storage.get(BUCKET, "errors/b.error.json"), "the error object of the old version is kept");
    }

    @Test
    void aRetryableFailureEscapesAndWritesNothing() {
        String etag = storage.upload(BUCKET, "uploads/c.tsv", "busy\n");
        ProblemException e = assertThrows(ProblemException.class, () -> process("uploads/c.tsv", etag));
        assertEquals(CommonProblemType.MODEL_SET_UNAVAILABLE, e.problem());
        assertEquals(0, storage.writes);
    }

    @Test
    void keysThatAreNotUploadsAreIgnoredWithAReason() {
        String etag = storage.upload(BUCKET, "uploads/d.tsv", "x\n");
        assertEquals(
                "not under the input prefix 'uploads/'",
                process("other/d.tsv", etag).detail());
        assertEquals(
                "not a table (.tsv or .csv)", process("uploads/d.json", etag).detail());
        assertEquals(
                "an output of this function",
                process("uploads/d.scores.tsv", etag).detail());
        assertEquals(
                "the object no longer exists", process("uploads/gone.tsv", etag).detail());
        assertEquals(
                "superseded by a newer upload of the same key, which has its own event",
                process("uploads/d.tsv", "\"older\"").detail());
        for (String key : List.of("other/d.tsv", "uploads/d.json", "uploads/gone.tsv")) {
            assertEquals(UploadResponse.IGNORED, process(key, etag).status(), key);
        }
        assertEquals(0, scorer.calls);
        assertEquals(0, storage.writes);
    }

    @Test
    void anOtherReadingOfTheKeyIsTriedAndOutputsGoToTheOutputBucket() {
        uploads = new UploadService(new TestConfig(work.toString(), "results"), scorer, storage, json);
        String etag = storage.upload(BUCKET, "uploads/my file.tsv", "x\n");
        UploadResponse.Outcome r =
                uploads.process(new UploadedObject(BUCKET, "uploads/my+file.tsv", "uploads/my file.tsv", null, etag));
        assertEquals("scored", r.status(), r.detail());
        assertEquals("uploads/my file.tsv", r.key());
        assertTrue(storage.get("results", "outputs/my file.report.json") != null);
        assertFalse(storage.objects.keySet().stream().anyMatch(k -> k.startsWith(BUCKET + "/outputs/")));
    }

    @Test
    void handlesAnEventObjectByObject() throws IOException {
        String etag = storage.upload(BUCKET, "uploads/e.tsv", "x\n");
        JsonNode event =
                json.readTree("{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\""
                        + BUCKET + "\"},\"object\":{\"key\":\"uploads/e.tsv\",\"eTag\":\"" + etag + "\"}}},"
                        + "{\"eventName\":\"ObjectRemoved:Delete\",\"s3\":{\"bucket\":{\"name\":\"" + BUCKET
                        + "\"},\"object\":{\"key\":\"uploads/f.tsv\"}}}]}");
        UploadResponse r = uploads.handle(event);
        assertEquals(1, r.objects().size());
        assertEquals("scored", r.objects().get(0).status());
        assertEquals(List.of("event ObjectRemoved:Delete is not an object creation"), r.ignored());
    }
}
