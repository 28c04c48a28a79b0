package dev.coherent.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A model store under {@code s3://bucket/prefix}; key {@code k} is object {@code prefix/k}.
 *
 * <p>Failures are mapped to the store's exceptions: a missing object or bucket becomes
 * {@link ModelNotFoundException}, everything else (connection, server errors, credentials, access
 * denied) {@link ModelStoreUnavailableException}, with the URI and the reason in the message.
 */
public final class S3ModelStore implements ModelStore {

    private final URI uri;
    private final String bucket;
    /** The key prefix with a trailing {@code /}, or empty for a whole bucket. */
    private final String base;

    private final S3Client client;

    /** Opens the store at {@code uri} ({@code s3://bucket} or {@code s3://bucket/prefix}). */
    public S3ModelStore(URI uri, S3Settings settings) {
        if (!"s3".equalsIgnoreCase(uri.getScheme()) || uri.getAuthority() == null) {
            throw new IllegalArgumentException("not an s3://bucket/prefix URI: " + uri);
        }
        this.uri = uri;
        this.bucket = uri.getAuthority();
        String prefix = uri.getPath() == null ? "" : uri.getPath().replaceAll("^/+|/+$", "");
        this.base = prefix.isEmpty() ? "" : Keys.check(prefix) + "/";
        this.client = newClient(settings);
    }

    private static S3Client newClient(S3Settings settings) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        // Generous: one read may wait on a large weights object.
                        .socketTimeout(Duration.ofMinutes(2)))
                .region(Region.of(settings.region()))
                .forcePathStyle(settings.pathStyle());
        if (settings.endpoint() != null) {
            builder.endpointOverride(URI.create(settings.endpoint()))
                    // Many S3-compatible servers mishandle the SDK's default trailing checksums.
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        if (settings.hasStaticCredentials()) {
            builder.credentialsProvider(StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(settings.accessKey(), settings.secretKey())));
        }
        return builder.build();
    }

    @Override
    public URI uri() {
        return uri;
    }

    @Override
    public void publish(Path localDir) {
        for (String key : Keys.publishOrder(localDir)) {
            try {
                client.putObject(
                        b -> b.bucket(bucket).key(objectKey(key)), RequestBody.fromFile(localDir.resolve(key)));
            } catch (SdkException e) {
                throw failure("publishing", key, e);
            }
        }
    }

    /**
     * Downloads every object of the store into a new folder under {@code cacheDir}; throws
     * {@link ModelNotFoundException} when there is none.
     */
    @Override
    public Path materialize(Path cacheDir) {
        List<String> keys = list("");
        if (keys.isEmpty()) {
            throw new ModelNotFoundException("no model set at " + uri + ": no objects under it");
        }
        Path dir;
        try {
            Files.createDirectories(cacheDir);
            dir = Files.createTempDirectory(cacheDir, "model-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder under " + cacheDir, e);
        }
        boolean done = false;
        try {
            for (String key : keys) {
                Path file = Keys.resolve(dir, key);
                Files.createDirectories(file.getParent());
                try {
                    client.getObject(b -> b.bucket(bucket).key(objectKey(key)), ResponseTransformer.toFile(file));
                } catch (SdkException e) {
                    throw failure("downloading", key, e);
                }
            }
            done = true;
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write under " + dir, e);
        } finally {
            if (!done) {
                deleteQuietly(dir);
            }
        }
    }

    @Override
    public byte[] read(String key) {
        String objectKey = objectKey(key);
        try {
            return client.getObjectAsBytes(b -> b.bucket(bucket).key(objectKey)).asByteArray();
        } catch (SdkException e) {
            throw failure("reading", key, e);
        }
    }

    @Override
    public void write(String key, byte[] data) {
        String objectKey = objectKey(key);
        try {
            client.putObject(b -> b.bucket(bucket).key(objectKey), RequestBody.fromBytes(data));
        } catch (SdkException e) {
            throw failure("writing", key, e);
        }
    }

    @Override
    public boolean exists(String key) {
        String objectKey = objectKey(key);
        try {
            client.headObject(b -> b.bucket(bucket).key(objectKey));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            // HEAD responses have no body, so a missing key may come back as a bare 404.
            if (e.statusCode() == 404 && !(e instanceof NoSuchBucketException)) {
                return false;
            }
            throw failure("checking", key, e);
        } catch (SdkException e) {
            throw failure("checking", key, e);
        }
    }

    @Override
    public List<String> list(String prefix) {
        List<String> keys = new ArrayList<>();
        try {
            // The paginator follows continuation tokens, so listings past 1000 objects are complete.
            var pages = client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(base + prefix));
            for (S3Object o : pages.contents()) {
                // Zero-byte "folder" markers made by consoles are not objects of the model set.
                if (!o.key().endsWith("/")) {
                    keys.add(o.key().substring(base.length()));
                }
            }
        } catch (SdkException e) {
            throw failure("listing", prefix, e);
        }
        keys.sort(null);
        return keys;
    }

    @Override
    public Optional<Path> localRoot() {
        return Optional.empty();
    }

    @Override
    public void close() {
        client.close();
    }

    private String objectKey(String key) {
        return base + Keys.check(key);
    }

    private RuntimeException failure(String action, String key, SdkException e) {
        String where = action + " '" + key + "' in " + uri;
        if (e instanceof NoSuchBucketException) {
            return new ModelNotFoundException(where + ": bucket '" + bucket + "' does not exist", e);
        }
        if (e instanceof NoSuchKeyException || e instanceof S3Exception s3 && s3.statusCode() == 404) {
            return new ModelNotFoundException("no object '" + key + "' in " + uri, e);
        }
        return new ModelStoreUnavailableException("S3 store unavailable while " + where + ": " + reason(e), e);
    }

    /** The server's error code and message, or the client-side cause; never object data. */
    private static String reason(SdkException e) {
        if (e instanceof S3Exception s3 && s3.awsErrorDetails() != null) {
            return "HTTP " + s3.statusCode() + " " + s3.awsErrorDetails().errorCode() + ": "
                    + s3.awsErrorDetails().errorMessage();
        }
        return e.getMessage();
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // Best effort: a leftover partial copy in the cache is harmless.
        }
    }
}
