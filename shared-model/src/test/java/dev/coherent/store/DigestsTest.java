package dev.coherent.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DigestsTest {

    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    private static final String EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @TempDir
    Path tmp;

    @Test
    void knownDigests() throws Exception {
        assertEquals(ABC, Digests.sha256("abc".getBytes(UTF_8)));
        assertEquals(EMPTY, Digests.sha256(new byte[0]));
        Path f = Files.writeString(tmp.resolve("abc.txt"), "abc");
        assertEquals(ABC, Digests.sha256(f));
    }

    @Test
    void fileDigestStreamsPastOneBuffer() throws Exception {
        byte[] big = new byte[200_000 + 17];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        Path f = Files.write(tmp.resolve("big.bin"), big);
        assertEquals(Digests.sha256(big), Digests.sha256(f));
    }

    @Test
    void digestTreeUsesSortedSlashKeysAndSkipsExcluded() throws Exception {
        Files.createDirectories(tmp.resolve("b/c"));
        Files.writeString(tmp.resolve("manifest.json"), "{}");
        Files.writeString(tmp.resolve("b/c/x.bin"), "abc");
        Files.writeString(tmp.resolve("a.txt"), "");

        var tree = Digests.digestTree(tmp, Set.of("manifest.json"));

        assertEquals(List.of("a.txt", "b/c/x.bin"), List.copyOf(tree.keySet()));
        assertEquals(ABC, tree.get("b/c/x.bin"));
        assertEquals(EMPTY, tree.get("a.txt"));
    }
}
