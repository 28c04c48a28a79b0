package dev.coherent.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@link S3ModelStore} against a real S3-compatible server (S3Mock) started for the class. */
class S3ModelStoreTest {

    /** Held so that the level set below is not lost when the logger is garbage-collected. */
    private static final Logger TOMCAT_LOG = Logger.getLogger("org.apache");

    static {
        // Keeps Spring Boot inside S3Mock from reconfiguring logging for the whole test JVM.
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        // Tomcat logs through java.util.logging, which slf4j-simple does not govern.
        TOMCAT_LOG.setLevel(Level.WARNING);
    }

    private static final String BUCKET = "models";

    @RegisterExtension
    static final S3MockExtension S3 = S3MockExtension.builder()
            .withSecureConnection(false)
            .withInitialBuckets(BUCKET)
            .withProperty("com.adobe.testing.s3mock.region", "us-east-1")
            .silent()
            .build();

    @TempDir
    Path tmp;

    private static S3Settings settings() {
        return new S3Settings(S3.getServiceEndpoint(), "us-east-1", true, "test", "test");
    }

    private static S3ModelStore open(String prefix) {
        return new S3ModelStore(URI.create("s3://" + BUCKET + "/" + prefix), settings());
    }

    @Test
    void publishListMaterializeGivesIdenticalBytes() throws Exception {
        Path src = tmp.resolve("src");
        Files.createDirectories(src.resolve("weights"));
        byte[] weights = new byte[300_000];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (byte) (i * 7 + 3);
        }
        Files.write(src.resolve("weights/denoiser.bin"), weights);
        Files.writeString(src.resolve("config.json"), "{\"steps\":50}");
        Files.writeString(src.resolve("manifest.json"), "{\"files\":2}");

        try (S3ModelStore store = open("runs/r1")) {
            store.publish(src);

            assertEquals(List.of("config.json", "manifest.json", "weights/denoiser.bin"), store.list(""));
            assertEquals(List.of("weights/denoiser.bin"), store.list("weights/"));
            assertTrue(store.exists("manifest.json"));
            assertFalse(store.exists("weights/other.bin"));

            Path copy = store.materialize(tmp.resolve("cache"));
            assertTrue(copy.startsWith(tmp.resolve("cache")));
            assertEquals(Digests.digestTree(src), Digests.digestTree(copy));
            assertArrayEquals(weights, Files.readAllBytes(copy.resolve("weights/denoiser.bin")));

            // A second materialize must not reuse or clobber the first copy.
            assertNotEquals(copy, store.materialize(tmp.resolve("cache")));
        }
    }

    @Test
    void prefixesDoNotLeakIntoEachOther() {
        try (S3ModelStore a = open("iso/a");
                S3ModelStore ab = open("iso/ab")) {
            a.write("x.bin", new byte[] {1});
            ab.write("y.bin", new byte[] {2});
            assertEquals(List.of("x.bin"), a.list(""));
            assertEquals(List.of("y.bin"), ab.list(""));
        }
    }

    @Test
    void writeThenReadRoundTrips() {
        try (S3ModelStore store = open("rw")) {
            store.write("metrics/r2.json", "{\"r2\":0.5}".getBytes(UTF_8));
            assertEquals("{\"r2\":0.5}", new String(store.read("metrics/r2.json"), UTF_8));
            assertThrows(IllegalArgumentException.class, () -> store.write("../escape", new byte[0]));
        }
    }

    @Test
    void missingKeyIsNotFound() {
        try (S3ModelStore store = open("runs/none")) {
            ModelNotFoundException e = assertThrows(ModelNotFoundException.class, () -> store.read("manifest.json"));
            assertTrue(e.getMessage().contains("s3://models/runs/none"), e.getMessage());
            assertThrows(ModelNotFoundException.class, () -> store.materialize(tmp));
        }
    }

    @Test
    void missingBucketIsNotFound() {
        try (S3ModelStore store = new S3ModelStore(URI.create("s3://no-such-bucket/x"), settings())) {
            assertThrows(ModelNotFoundException.class, () -> store.read("manifest.json"));
        }
    }

    @Test
    void unreachableEndpointIsUnavailableQuickly() {
        S3Settings dead = new S3Settings("http://127.0.0.1:1", null, true, "test", "test");
        try (ModelStore store = ModelStores.open("s3://models/runs/r1", dead)) {
            ModelStoreUnavailableException e = assertTimeoutPreemptively(
                    Duration.ofSeconds(10),
                    () -> assertThrows(ModelStoreUnavailableException.class, () -> store.read("manifest.json")));
            assertTrue(e.getMessage().contains("s3://models/runs/r1"), e.getMessage());
            assertThrows(ModelStoreUnavailableException.class, () -> store.list(""));
        }
    }

    @Test
    void settingsDefaultsAndSecretStaysOutOfToString() {
        assertEquals("us-east-1", S3Settings.defaults().region());
        assertFalse(new S3Settings(null, null, true, "AK", "SECRET").toString().contains("SECRET"));
        assertThrows(IllegalArgumentException.class, () -> new S3Settings(null, null, true, "AK", null));
    }

    @Test
    void aConfiguredEndpointOverrideImpliesPathStyle() {
        assertTrue(S3Settings.configured("http://localhost:9090", null, false, null, null)
                .pathStyle());
        assertFalse(S3Settings.configured(null, "eu-west-1", false, null, null).pathStyle());
        assertTrue(S3Settings.configured(null, null, true, null, null).pathStyle());
    }

    @Test
    void digestTreeOfMaterializedCopyMatchesWhatWasWritten() {
        try (S3ModelStore store = open("digest")) {
            store.write("a.bin", "abc".getBytes(UTF_8));
            Path copy = store.materialize(tmp.resolve("c"));
            assertEquals(
                    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                    Digests.digestTree(copy, Set.of()).get("a.bin"));
        }
    }

    @Test
    void writeStagesPublishesAndCleansUpAndPublishesNothingWhenTheWriterFails() throws Exception {
        Path[] staged = new Path[1];
        String answer = ModelStores.write("s3://" + BUCKET + "/written", settings(), folder -> {
            staged[0] = folder;
            Files.writeString(folder.resolve("manifest.json"), "{}");
            Files.createDirectories(folder.resolve("models"));
            Files.writeString(folder.resolve("models/w.bin"), "w");
            return "done";
        });
        assertEquals("done", answer);
        assertFalse(Files.exists(staged[0]), "the staging folder is deleted");
        try (S3ModelStore store = open("written")) {
            assertEquals(List.of("manifest.json", "models/w.bin"), store.list(""));
        }
        assertThrows(
                IllegalStateException.class,
                () -> ModelStores.write("s3://" + BUCKET + "/failed", settings(), folder -> {
                    staged[0] = folder;
                    Files.writeString(folder.resolve("manifest.json"), "{}");
                    throw new IllegalStateException("export failed");
                }));
        assertFalse(Files.exists(staged[0]), "deleted after a failure too");
        try (S3ModelStore store = open("failed")) {
            assertEquals(List.of(), store.list(""));
        }
        // A local store is written in place.
        Path local = tmp.resolve("local-set");
        assertEquals(local, ModelStores.write(local.toString(), settings(), folder -> folder));
    }
}
