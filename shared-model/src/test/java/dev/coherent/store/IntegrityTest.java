package dev.coherent.store;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntegrityTest {

    @TempDir
    Path dir;

    private Map<String, String> expected;

    @BeforeEach
    void writeModelSet() throws Exception {
        Files.createDirectories(dir.resolve("weights"));
        Files.write(dir.resolve("weights/w.bin"), new byte[] {1, 2, 3, 4});
        Files.writeString(dir.resolve("config.json"), "{\"steps\":50}");
        expected = Digests.digestTree(dir, Set.of());
    }

    @Test
    void untouchedSetPassesAndExtraFilesAreIgnored() throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "not part of the set");
        assertDoesNotThrow(() -> Integrity.verify(dir, expected, "model set demo"));
    }

    @Test
    void oneChangedByteIsDetected() throws Exception {
        Files.write(dir.resolve("weights/w.bin"), new byte[] {1, 2, 3, 5});
        TamperedModelException e =
                assertThrows(TamperedModelException.class, () -> Integrity.verify(dir, expected, "model set demo"));
        assertTrue(e.getMessage().contains("model set demo"), e.getMessage());
        assertTrue(e.getMessage().contains("weights/w.bin"), e.getMessage());
        assertTrue(e.getMessage().contains("modified or is incomplete"), e.getMessage());
    }

    @Test
    void missingFileIsDetected() throws Exception {
        Files.delete(dir.resolve("config.json"));
        TamperedModelException e =
                assertThrows(TamperedModelException.class, () -> Integrity.verify(dir, expected, "model set demo"));
        assertTrue(e.getMessage().contains("missing: config.json"), e.getMessage());
    }

    @Test
    void keyPointingOutsideTheFolderIsTampering() {
        Map<String, String> edited = new HashMap<>(expected);
        edited.put("../outside.bin", Digests.sha256(new byte[0]));
        TamperedModelException e =
                assertThrows(TamperedModelException.class, () -> Integrity.verify(dir, edited, "model set demo"));
        assertTrue(e.getMessage().contains("../outside.bin"), e.getMessage());
    }
}
