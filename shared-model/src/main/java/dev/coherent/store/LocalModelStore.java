package dev.coherent.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * A model store in a local folder, the embedded default.
 *
 * <p>Writes go to a temporary file next to the target and are then moved into place, so a reader
 * never sees half a file. Local I/O failures surface as {@link UncheckedIOException}.
 */
public final class LocalModelStore implements ModelStore {

    private final Path root;

    /** Opens a store rooted at {@code root}; the folder is created on the first write. */
    public LocalModelStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The folder this store reads and writes. */
    public Path root() {
        return root;
    }

    @Override
    public URI uri() {
        return root.toUri();
    }

    @Override
    public void publish(Path localDir) {
        if (isRoot(localDir)) {
            return;
        }
        for (String key : Keys.publishOrder(localDir)) {
            Path target = Keys.resolve(root, key);
            try {
                Path tmp = tempFileFor(target);
                try {
                    Files.copy(localDir.resolve(key), tmp, StandardCopyOption.REPLACE_EXISTING);
                    moveIntoPlace(tmp, target);
                } finally {
                    Files.deleteIfExists(tmp);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot publish " + key + " to " + root, e);
            }
        }
    }

    @Override
    public Path materialize(Path cacheDir) {
        if (!Files.isDirectory(root)) {
            throw new ModelNotFoundException("no model set at " + root + ": the folder does not exist");
        }
        return root;
    }

    @Override
    public byte[] read(String key) {
        Path file = Keys.resolve(root, key);
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ModelNotFoundException("no object '" + key + "' in " + uri(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    @Override
    public void write(String key, byte[] data) {
        Path target = Keys.resolve(root, key);
        try {
            Path tmp = tempFileFor(target);
            try {
                Files.write(tmp, data);
                moveIntoPlace(tmp, target);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(Keys.resolve(root, key));
    }

    @Override
    public List<String> list(String prefix) {
        return Keys.filesUnder(root).stream().filter(k -> k.startsWith(prefix)).toList();
    }

    @Override
    public Optional<Path> localRoot() {
        return Optional.of(root);
    }

    @Override
    public void close() {
        // Nothing to release.
    }

    private boolean isRoot(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        if (abs.equals(root)) {
            return true;
        }
        try {
            // Catches symbolic links and other aliases of the same folder.
            return Files.exists(abs) && Files.exists(root) && Files.isSameFile(abs, root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compare " + dir + " with " + root, e);
        }
    }

    /** A temporary file in the target's folder, so the final move stays on one file system. */
    private static Path tempFileFor(Path target) throws IOException {
        Files.createDirectories(target.getParent());
        return Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
    }

    private static void moveIntoPlace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
