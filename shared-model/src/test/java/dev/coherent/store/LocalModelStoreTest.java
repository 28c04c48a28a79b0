package dev.coherent.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalModelStoreTest {

    @TempDir
    Path tmp;

    @Test
    void writeReadListRoundTrip() {
        try (LocalModelStore store = new LocalModelStore(tmp.resolve("store"))) {
            store.write("manifest.json", "{}".getBytes(UTF_8));
            store.write("weights/a.bin", new byte[] {1, 2, 3});
            store.write("weights/b.bin", new byte[] {4});
            store.write("weights/a.bin", new byte[] {9}); // overwrite

            assertArrayEquals(new byte[] {9}, store.read("weights/a.bin"));
            assertTrue(store.exists("weights/b.bin"));
            assertFalse(store.exists("weights/c.bin"));
            assertEquals(List.of("manifest.json", "weights/a.bin", "weights/b.bin"), store.list(""));
            assertEquals(List.of("weights/a.bin", "weights/b.bin"), store.list("weights/"));
        }
    }

    @Test
    void readingMissingKeyIsNotFound() {
        LocalModelStore store = new LocalModelStore(tmp);
        ModelNotFoundException e = assertThrows(ModelNotFoundException.class, () -> store.read("nope.bin"));
        assertTrue(e.getMessage().contains("nope.bin"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "a/../../x", "a/../b", "/etc/passwd", "", "a//b", "./a", "a\\b", "a/"})
    void keysThatCouldEscapeTheRootAreRejected(String key) {
        LocalModelStore store = new LocalModelStore(tmp.resolve("store"));
        assertThrows(IllegalArgumentException.class, () -> store.write(key, new byte[] {1}));
        assertThrows(IllegalArgumentException.class, () -> store.read(key));
        assertThrows(IllegalArgumentException.class, () -> store.exists(key));
        assertFalse(Files.exists(tmp.resolve("x")));
    }

    @Test
    void publishCopiesEveryFileAndMaterializeReturnsTheRoot() throws Exception {
        Path src = tmp.resolve("src");
        Files.createDirectories(src.resolve("nested/deeper"));
        Files.writeString(src.resolve("manifest.json"), "{\"v\":1}");
        Files.write(src.resolve("nested/deeper/w.bin"), new byte[] {7, 8, 9});

        LocalModelStore store = new LocalModelStore(tmp.resolve("store"));
        store.publish(src);

        assertEquals(List.of("manifest.json", "nested/deeper/w.bin"), store.list(""));
        Path dir = store.materialize(tmp.resolve("cache"));
        assertEquals(store.root(), dir);
        assertEquals(Digests.digestTree(src), Digests.digestTree(dir));
        assertFalse(Files.exists(tmp.resolve("cache")), "a local store needs no cache");
    }

    @Test
    void publishingTheRootItselfDoesNothing() throws Exception {
        Path root = tmp.resolve("store");
        Files.createDirectories(root);
        Files.writeString(root.resolve("manifest.json"), "{}");
        LocalModelStore store = new LocalModelStore(root);

        store.publish(root);
        store.publish(tmp.resolve("store/../store"));

        assertEquals(List.of("manifest.json"), store.list(""));
    }

    @Test
    void writeLeavesNoTemporaryFiles() throws Exception {
        LocalModelStore store = new LocalModelStore(tmp);
        store.write("a/b/c.txt", "x".getBytes(UTF_8));
        try (var files = Files.list(tmp.resolve("a/b"))) {
            assertEquals(List.of(tmp.resolve("a/b/c.txt")), files.toList());
        }
    }

    @Test
    void materializingAMissingFolderIsNotFound() {
        LocalModelStore store = new LocalModelStore(tmp.resolve("absent"));
        assertThrows(ModelNotFoundException.class, () -> store.materialize(tmp));
    }

    @Test
    void openPicksTheStoreFromTheUri() {
        try (ModelStore s = ModelStores.open(tmp.toUri().toString())) {
            assertEquals(tmp.toAbsolutePath().normalize(), ((LocalModelStore) s).root());
        }
        try (ModelStore s = ModelStores.open(tmp.toString())) {
            assertSame(LocalModelStore.class, s.getClass());
        }
        try (ModelStore s = ModelStores.open("relative/models")) {
            assertSame(LocalModelStore.class, s.getClass());
        }
        try (ModelStore s = ModelStores.open("s3://bucket/models/run-1")) {
            assertSame(S3ModelStore.class, s.getClass());
            assertEquals("s3://bucket/models/run-1", s.uri().toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "http://example.com/models", "ftp://host/x", "file:relative"})
    void openRejectsUnsupportedUris(String uri) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelStores.open(uri));
        assertTrue(e.getMessage().contains("s3://bucket/prefix"), e.getMessage());
    }
}
