package dev.coherent.store;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Opens the right {@link ModelStore} for a URI. */
public final class ModelStores {

    /** A URI scheme; two letters at least so that a Windows drive ({@code C:\models}) is a path. */
    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]+):");

    private static final String ACCEPTED = "use s3://bucket/prefix, file:///absolute/path or a plain path";

    private ModelStores() {}

    /**
     * Opens {@code s3://bucket/prefix} as an {@link S3ModelStore} with {@code s3} settings
     * ({@code null} for {@link S3Settings#defaults()}), and {@code file:} URIs or plain paths as a
     * {@link LocalModelStore}; anything else is an {@link IllegalArgumentException}.
     */
    public static ModelStore open(String uri, S3Settings s3) {
        if (uri == null || uri.isBlank()) {
            throw new IllegalArgumentException("model store URI is empty: " + ACCEPTED);
        }
        String trimmed = uri.strip();
        Matcher m = SCHEME.matcher(trimmed);
        if (!m.find()) {
            try {
                return new LocalModelStore(Path.of(trimmed));
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException("model store path is not valid: " + uri, e);
            }
        }
        String scheme = m.group(1).toLowerCase(Locale.ROOT);
        if (!scheme.equals("s3") && !scheme.equals("file")) {
            throw new IllegalArgumentException(
                    "unsupported model store scheme '" + scheme + "' in " + uri + ": " + ACCEPTED);
        }
        try {
            URI parsed = URI.create(trimmed);
            return scheme.equals("s3")
                    ? new S3ModelStore(parsed, s3 == null ? S3Settings.defaults() : s3)
                    : new LocalModelStore(Path.of(parsed));
        } catch (IllegalArgumentException e) {
            // URI.create and Path.of(URI) say what is wrong but not which value held it.
            throw new IllegalArgumentException(
                    "model store URI is not valid: " + uri + " (" + e.getMessage() + "); " + ACCEPTED, e);
        }
    }

    /** Same as {@link #open(String, S3Settings)} with {@link S3Settings#defaults()}. */
    public static ModelStore open(String uri) {
        return open(uri, S3Settings.defaults());
    }

    /** Writes the content of a folder; what it returns is passed on. */
    @FunctionalInterface
    public interface FolderWriter<T> {
        T write(Path folder) throws Exception;
    }

    /**
     * The one way a model set (or an audit reference) reaches a store: {@code writer} writes the
     * folder in place for a local store; for a remote one it writes a staging folder, which is
     * published ({@link ModelStore#publish}: the manifest last) and then deleted, published or not.
     */
    public static <T> T write(String uri, S3Settings s3, FolderWriter<T> writer) throws Exception {
        try (ModelStore store = open(uri, s3)) {
            Optional<Path> local = store.localRoot();
            if (local.isPresent()) {
                return writer.write(local.get());
            }
            Path staging = Files.createTempDirectory("coherent-publish");
            try {
                T result = writer.write(staging);
                store.publish(staging);
                return result;
            } finally {
                deleteTree(staging);
            }
        }
    }

    /** Deletes a folder and everything under it; a missing folder is nothing to do. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The local folder a URI names, or {@code null} for a remote store (no store is opened). */
    public static Path localFolder(String uri) {
        if (uri.startsWith("s3://")) {
            return null;
        }
        return uri.startsWith("file:") ? Path.of(URI.create(uri)) : Path.of(uri);
    }
}
