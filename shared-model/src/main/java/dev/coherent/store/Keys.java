package dev.coherent.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Key rules shared by every store, so a key valid in one store is valid in all of them. */
final class Keys {

    /** Written last on publish: a reader that sees it can rely on every file it lists. */
    static final String MANIFEST = "manifest.json";

    private Keys() {}

    /**
     * Returns {@code key} if it is a relative, {@code /}-separated path that stays under its root;
     * throws {@link IllegalArgumentException} otherwise.
     */
    static String check(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("store key is empty");
        }
        if (key.startsWith("/") || key.contains("\\")) {
            throw new IllegalArgumentException("store key must be a relative /-separated path: '" + key + "'");
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("store key has an empty, '.' or '..' segment: '" + key + "'");
            }
        }
        return key;
    }

    /** Resolves a checked key under {@code root}. */
    static Path resolve(Path root, String key) {
        Path base = root.toAbsolutePath().normalize();
        Path file = base.resolve(check(key)).normalize();
        // Second line of defence for platform quirks such as Windows drive letters ("C:x").
        if (!file.startsWith(base) || file.equals(base)) {
            throw new IllegalArgumentException("store key escapes the store root: '" + key + "'");
        }
        return file;
    }

    /** The key of {@code file} relative to {@code dir}, with {@code /} separators. */
    static String keyOf(Path dir, Path file) {
        return dir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    /** Keys of every regular file under {@code dir}, sorted; empty when {@code dir} does not exist. */
    static List<String> filesUnder(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .map(f -> keyOf(dir, f))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** The files of {@code dir} in publish order: sorted, with the manifest moved to the end. */
    static List<String> publishOrder(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new UncheckedIOException(
                    "cannot publish " + dir + ": not a directory", new NoSuchFileException(dir.toString()));
        }
        List<String> keys = new ArrayList<>(filesUnder(dir));
        if (keys.remove(MANIFEST)) {
            keys.add(MANIFEST);
        }
        return keys;
    }
}
