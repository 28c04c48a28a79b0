package dev.coherent.functions.common.upload;

import dev.coherent.functions.common.config.FunctionConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Every S3 request of the upload trigger is built here: head, streaming get, put with metadata,
 * delete. The client is created on first use from {@code coherent.s3.*}, so an HTTP-only
 * deployment never needs S3 credentials. Failures escape as AWS SDK exceptions: they are worth a
 * retry.
 */
@ApplicationScoped
public class S3Storage {

    /** An object's version (or {@code null}), ETag without quotes, size and user metadata. */
    public record ObjectInfo(String versionId, String etag, long size, Map<String, String> metadata) {
        /**
         * This version as the outputs made from it record it ({@link UploadService#SOURCE_METADATA}):
         * {@code version:<id>}, or {@code etag:<etag>} in an unversioned bucket.
         */
        public String versionMarker() {
            return versionId != null ? "version:" + versionId : "etag:" + etag;
        }
    }

    private final FunctionConfig config;
    private S3Client client;

    public S3Storage(FunctionConfig config) {
        this.config = config;
    }

    private synchronized S3Client client() {
        if (client == null) {
            FunctionConfig.S3 s3 = config.s3();
            S3ClientBuilder b = S3Client.builder()
                    .httpClientBuilder(UrlConnectionHttpClient.builder()
                            .connectionTimeout(Duration.ofSeconds(10))
                            .socketTimeout(Duration.ofMinutes(2)))
                    .region(Region.of(s3.region().orElse("us-east-1")))
                    .forcePathStyle(s3.pathStyle() || s3.endpoint().isPresent());
            s3.endpoint().ifPresent(e -> b.endpointOverride(URI.create(e))
                    // Many S3-compatible servers mishandle the SDK's default trailing checksums.
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED));
            if (s3.accessKey().isPresent() && s3.secretKey().isPresent()) {
                b.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        s3.accessKey().get(), s3.secretKey().get())));
            }
            client = b.build();
        }
        return client;
    }

    /** The object's details, or empty when it does not exist. */
    public Optional<ObjectInfo> head(String bucket, String key, String versionId) {
        try {
            HeadObjectResponse r =
                    client().headObject(b -> b.bucket(bucket).key(key).versionId(versionId));
            return Optional.of(new ObjectInfo(
                    version(r.versionId()),
                    unquote(r.eTag()),
                    r.contentLength() == null ? -1 : r.contentLength(),
                    r.metadata()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            // HEAD answers carry no body, so a missing key may come back as a bare 404.
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * The source version the object at {@code bucket}/{@code key} was made from (its
     * {@link UploadService#SOURCE_METADATA}), or {@code null} when there is no such object.
     */
    public String sourceOf(String bucket, String key) {
        return head(bucket, key, null)
                .map(i -> i.metadata().get(UploadService.SOURCE_METADATA))
                .orElse(null);
    }

    /** Streams one object version (the latest when {@code versionId} is null); the caller closes it. */
    public InputStream open(String bucket, String key, String versionId) {
        return client().getObject(b -> b.bucket(bucket).key(key).versionId(versionId));
    }

    public void put(String bucket, String key, Path file, String contentType, Map<String, String> metadata) {
        client().putObject(
                        b -> b.bucket(bucket).key(key).contentType(contentType).metadata(metadata),
                        RequestBody.fromFile(file));
    }

    public void put(String bucket, String key, byte[] data, String contentType, Map<String, String> metadata) {
        client().putObject(
                        b -> b.bucket(bucket).key(key).contentType(contentType).metadata(metadata),
                        RequestBody.fromBytes(data));
    }

    /** The keys under {@code prefix}, in S3's order (lexicographic), every page of them. */
    public List<String> list(String bucket, String prefix) {
        List<String> keys = new ArrayList<>();
        client().listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix))
                .contents()
                .forEach(o -> keys.add(o.key()));
        return keys;
    }

    public void delete(String bucket, String key) {
        client().deleteObject(b -> b.bucket(bucket).key(key));
    }

    @PreDestroy
    synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
    }

    private static String version(String v) {
        return v == null || v.isEmpty() || "null".equals(v) ? null : v;
    }

    /** An ETag without its quotes. */
    public static String unquote(String etag) {
        return etag == null ? null : etag.replace("\"", "");
    }
}
