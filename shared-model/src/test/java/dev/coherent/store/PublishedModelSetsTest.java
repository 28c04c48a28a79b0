package dev.coherent.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublishedModelSetsTest {
    @TempDir
    Path dir;

    private void publish(String child, String version, String createdAt) throws IOException {
        Path set = Files.createDirectories(dir.resolve(child));
        Files.writeString(
                set.resolve("manifest.json"),
                "{\"format\": 1, \"version\": \"" + version + "\", \"created_at\": \"" + createdAt + "\"}");
        Files.writeString(set.resolve("models.bin"), "weights");
    }

    @Test
    void aFolderOfSetsServesTheNewestByCreationTime() throws IOException {
        publish("a", "v1", "2026-12-01T10:00:00Z");
        // Instant.toString drops zero fractions: compared as instants, not as text.
        publish("b", "v2", "2026-12-01T10:00:00.5Z");
        publish("b-audit-reference", "v9", "2027-01-01T00:00:00Z");
        Files.writeString(dir.resolve("notes.txt"), "not a set");
        String location = dir.toString();
        PublishedModelSets.Published newest = PublishedModelSets.newest(location, S3Settings.defaults());
        assertEquals("v2", newest.version());
        assertEquals(location + "/b", newest.uri());
        assertEquals(Digests.sha256(Files.readAllBytes(dir.resolve("b/manifest.json"))), newest.manifestSha256());
        assertEquals(location + "/b", PublishedModelSets.resolve(location, S3Settings.defaults()));

        publish("c", "v3", "2026-12-02T00:00:00Z");
        assertEquals(
                "v3", PublishedModelSets.newest(location, S3Settings.defaults()).version());
    }

    @Test
    void aSetIsItsOwnNewest() throws IOException {
        publish("only", "v1", "2026-12-01T10:00:00Z");
        String set = dir.resolve("only").toString();
        assertEquals(set, PublishedModelSets.resolve(set, S3Settings.defaults()));
        assertEquals("v1", PublishedModelSets.newest(set, S3Settings.defaults()).version());
    }

    @Test
    void aLocationWithoutSetsIsLeftToTheLoaderOrRefused() throws IOException {
        String empty = dir.resolve("empty").toString();
        assertEquals(empty, PublishedModelSets.resolve(empty, S3Settings.defaults()));
        assertThrows(ModelNotFoundException.class, () -> PublishedModelSets.newest(empty, S3Settings.defaults()));
        Files.createDirectories(dir.resolve("bad"));
        Files.write(dir.resolve("bad/manifest.json"), "{\"version\": \"x\"}".getBytes(StandardCharsets.UTF_8));
        assertThrows(
                MalformedModelException.class,
                () -> PublishedModelSets.newest(dir.resolve("bad").toString(), S3Settings.defaults()));
    }
}
