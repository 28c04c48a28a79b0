package dev.coherent.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/** SHA-256 digests of files, byte arrays and whole folders, as lowercase hex. */
public final class Digests {

    private Digests() {}

    /** Digest of a file, read in chunks so that large weights never sit in memory whole. */
    public static String sha256(Path file) {
        MessageDigest md = newDigest();
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Digest of a byte array. */
    public static String sha256(byte[] data) {
        return HexFormat.of().formatHex(newDigest().digest(data));
    }

    /**
     * Digests every regular file under {@code dir}, keyed by its {@code /}-separated path relative
     * to {@code dir} and sorted by key; keys in {@code excludeKeys} (such as the manifest that will
     * hold the result) are left out.
     */
    public static SortedMap<String, String> digestTree(Path dir, Set<String> excludeKeys) {
        if (!Files.isDirectory(dir)) {
            // An empty result here would read as "nothing to verify" rather than a wrong path.
            throw new UncheckedIOException("not a directory: " + dir, new NoSuchFileException(dir.toString()));
        }
        SortedMap<String, String> digests = new TreeMap<>();
        for (String key : Keys.filesUnder(dir)) {
            if (!excludeKeys.contains(key)) {
                digests.put(key, sha256(dir.resolve(key)));
            }
        }
        return digests;
    }

    /** Same as {@link #digestTree(Path, Set)} with nothing excluded. */
    public static SortedMap<String, String> digestTree(Path dir) {
        return digestTree(dir, Set.of());
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform is required to provide SHA-256.
            throw new IllegalStateException(e);
        }
    }
}
