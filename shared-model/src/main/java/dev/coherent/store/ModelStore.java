package dev.coherent.store;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where model sets (and the objects functions read and write next to them) are kept.
 *
 * <p>Two implementations sit behind this interface: {@link LocalModelStore} for {@code file://}
 * URIs and plain paths (the embedded default) and {@link S3ModelStore} for {@code s3://bucket/prefix}.
 * Keys are relative, {@code /}-separated paths under the store's root; the key layout is decided in
 * this package only. Open a store with {@link ModelStores#open}; the caller closes it.
 */
public interface ModelStore extends AutoCloseable {

    /** The root this store reads and writes, as given by the user. */
    URI uri();

    /**
     * Copies every regular file under {@code localDir} to the store, keys relative to
     * {@code localDir}; {@code manifest.json} (if present) goes last so a reader never sees a
     * manifest that points at files not yet written.
     */
    void publish(Path localDir);

    /**
     * Returns a local directory holding every object of the store: the folder itself for a local
     * store, a fresh copy under {@code cacheDir} for S3.
     */
    Path materialize(Path cacheDir);

    /** Reads one object; throws {@link ModelNotFoundException} when it does not exist. */
    byte[] read(String key);

    void write(String key, byte[] data);

    boolean exists(String key);

    /** Keys under a prefix ({@code ""} for all), sorted. */
    List<String> list(String prefix);

    /** The folder this store is, for a local store; empty for a remote one. */
    Optional<Path> localRoot();

    @Override
    void close();
}
