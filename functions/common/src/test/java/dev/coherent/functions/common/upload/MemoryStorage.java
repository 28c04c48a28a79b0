package dev.coherent.functions.common.upload;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** An unversioned in-memory bucket store standing in for S3 in unit tests; counts writes. */
final class MemoryStorage extends S3Storage {
    /** One stored object. */
    record StoredObject(byte[] data, String contentType, Map<String, String> metadata, String etag) {
        String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    /** Objects by {@code bucket/key}, sorted. */
    final Map<String, StoredObject> objects = new TreeMap<>();

    int writes;
    private int puts;

    MemoryStorage() {
        super(null);
    }

    /** Stores an upload and returns its ETag. */
    String upload(String bucket, String key, String content) {
        put(bucket, key, content.getBytes(StandardCharsets.UTF_8), "text/plain", Map.of());
        writes--;
        return objects.get(bucket + "/" + key).etag();
    }

    StoredObject get(String bucket, String key) {
        return objects.get(bucket + "/" + key);
    }

    @Override
    public Optional<ObjectInfo> head(String bucket, String key, String versionId) {
        StoredObject o = objects.get(bucket + "/" + key);
        return o == null
                ? Optional.empty()
                : Optional.of(new ObjectInfo(null, o.etag(), o.data().length, new HashMap<>(o.metadata())));
    }

    @Override
    public InputStream open(String bucket, String key, String versionId) {
        return new ByteArrayInputStream(objects.get(bucket + "/" + key).data());
    }

    @Override
    public void put(String bucket, String key, Path file, String contentType, Map<String, String> metadata) {
        try {
            put(bucket, key, Files.readAllBytes(file), contentType, metadata);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void put(String bucket, String key, byte[] data, String contentType, Map<String, String> metadata) {
        String etag = Integer.toHexString(Arrays.hashCode(data)) + "-" + (++puts);
        objects.put(bucket + "/" + key, new StoredObject(data.clone(), contentType, Map.copyOf(metadata), etag));
        writes++;
    }

    @Override
    public void delete(String bucket, String key) {
        objects.remove(bucket + "/" + key);
        writes++;
    }
}
