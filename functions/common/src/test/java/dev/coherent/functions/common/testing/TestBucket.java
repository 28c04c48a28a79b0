package dev.coherent.functions.common.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * One bucket of the test S3 server as the functions' trigger tests use it (objects in, events
 * about them out), and the post of an event to the Lambda mock event server.
 */
public final class TestBucket {
    private final S3Client s3;
    private final String bucket;

    public TestBucket(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    /** Writes an object; returns its ETag without quotes. */
    public String put(String key, String content) {
        return s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(content))
                .eTag()
                .replace("\"", "");
    }

    /** Writes an object from bytes; returns its ETag without quotes. */
    public String put(String key, byte[] content) {
        return s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(content))
                .eTag()
                .replace("\"", "");
    }

    /** Uploads every file of a local folder under a prefix, manifest.json last (as a model store publishes); returns the last ETag. */
    public String uploadFolder(Path dir, String prefix) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile)
                    .sorted((a, b) -> Boolean.compare(
                            a.getFileName().toString().equals("manifest.json"),
                            b.getFileName().toString().equals("manifest.json")))
                    .toList();
        }
        String etag = null;
        for (Path f : files) {
            String key = prefix + dir.relativize(f).toString().replace('\\', '/');
            etag = s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(f))
                    .eTag()
                    .replace("\"", "");
        }
        return etag;
    }

    public byte[] read(String key) {
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
    }

    public String readString(String key) {
        return new String(read(key), StandardCharsets.UTF_8);
    }

    public HeadObjectResponse head(String key) {
        return s3.headObject(b -> b.bucket(bucket).key(key));
    }

    public List<String> keys(String prefix) {
        return s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
                .map(S3Object::key)
                .toList();
    }

    /**
     * An event about one object of this bucket, from a template of this test jar:
     * {@code s3-put.json} (an S3 notification) or {@code eventbridge-object-created.json}.
     */
    public String event(String template, String key, String etag) {
        try (InputStream in = TestBucket.class.getResourceAsStream("/events/" + template)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("${bucket}", bucket)
                    .replace("${key}", key)
                    .replace("${etag}", etag);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Posts an event to the Lambda mock event server and returns the handler's answer. */
    public static JsonPath invoke(int lambdaPort, String event) {
        return given().port(lambdaPort)
                .contentType(ContentType.JSON)
                .body(event)
                .post("/")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }
}
