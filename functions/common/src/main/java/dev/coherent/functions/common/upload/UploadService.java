package dev.coherent.functions.common.upload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coherent.functions.common.config.FunctionConfig;
import dev.coherent.functions.common.problem.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Processes uploaded objects with the function's {@link UploadProcessor}: for each created object
 * under {@code coherent.upload.input-prefix} with an accepted extension it writes every output to
 * {@code <output-prefix><name><suffix>}, or {@code <error-prefix><name>.error.json} for a file that
 * can never be processed.
 *
 * <p>Idempotent per object version: every output carries the source's version id (or ETag, in an
 * unversioned bucket) as metadata, the last output is written last, and a redelivered event whose
 * source already has its last output (or an error object) is answered without work. The input is
 * only read. Outputs are staged in temporary files under {@code coherent.upload.work-dir}, so memory
 * stays bounded. Poison files ({@link InvalidUploadException}) return a {@code failed} outcome;
 * other failures (S3, a model set that is not loaded) escape so that Lambda's bounded retries (and
 * dead-letter queue) take over.
 */
@ApplicationScoped
public class UploadService {
    private static final Logger LOG = Logger.getLogger(UploadService.class);
    /** User metadata key holding the source object's version id ({@code version:…}) or ETag ({@code etag:…}). */
    public static final String SOURCE_METADATA = "coherent-source";
    /** User metadata key for the sha256 of the model set that produced an output. */
    public static final String MODEL_SET_METADATA = "coherent-model-set";
    /** Suffix of the error object, under the error prefix. */
    public static final String ERROR_SUFFIX = ".error.json";

    private final FunctionConfig config;
    private final UploadProcessor processor;
    private final S3Storage storage;
    private final ObjectMapper json;

    public UploadService(FunctionConfig config, UploadProcessor processor, S3Storage storage, ObjectMapper json) {
        this.config = config;
        this.processor = processor;
        this.storage = storage;
        this.json = json;
    }

    /** Handles one S3, EventBridge, SQS or SNS event. */
    public UploadResponse handle(JsonNode event) {
        return UploadEvents.handle(event, json, this::process);
    }

    /** Processes one uploaded object, or explains why not. */
    public UploadResponse.Outcome process(UploadedObject o) {
        FunctionConfig.Upload u = config.upload();
        String done = processor.doneLabel();
        String key = o.key();
        String why = ignoreReason(key);
        if (why != null) {
            return outcome(o, key, UploadResponse.IGNORED, List.of(), why);
        }
        Optional<S3Storage.ObjectInfo> found = storage.head(o.bucket(), key, o.versionId());
        if (found.isEmpty() && o.otherKey() != null && ignoreReason(o.otherKey()) == null) {
            key = o.otherKey();
            found = storage.head(o.bucket(), key, o.versionId());
        }
        if (found.isEmpty()) {
            return outcome(o, key, UploadResponse.IGNORED, List.of(), "the object no longer exists");
        }
        S3Storage.ObjectInfo source = found.get();
        if (o.supersededBy(source)) {
            return outcome(
                    o,
                    key,
                    UploadResponse.IGNORED,
                    List.of(),
                    "superseded by a newer upload of the same key, which has its own event");
        }
        String marker = source.versionMarker();
        String relative = key.substring(u.inputPrefix().length());
        String name = stripExtension(relative);
        String outBucket = u.outputBucket().orElse(o.bucket());
        List<UploadProcessor.Output> outputs = processor.outputs(fileName(relative));
        List<String> outputKeys = outputs.stream()
                .map(out -> u.outputPrefix() + name + out.suffix())
                .toList();
        String lastKey = outputKeys.get(outputKeys.size() - 1);
        String errorKey = u.errorPrefix() + name + ERROR_SUFFIX;

        if (marker.equals(storage.sourceOf(outBucket, lastKey))) {
            return outcome(o, key, UploadResponse.ALREADY + done, outputKeys, "this version was already " + done);
        }
        if (marker.equals(storage.sourceOf(outBucket, errorKey))) {
            return outcome(
                    o, key, UploadResponse.ALREADY_FAILED, List.of(errorKey), "this version was already refused");
        }
        Path dir = Path.of(u.workDir());
        List<Path> staged = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            for (UploadProcessor.Output out : outputs) {
                staged.add(Files.createTempFile(dir, "upload-", out.suffix()));
            }
            UploadProcessor.Result result;
            try (InputStream in = storage.open(o.bucket(), key, source.versionId());
                    Outputs streams = new Outputs(staged)) {
                result = processor.process(in, fileName(relative), streams.list);
            } catch (InvalidUploadException e) {
                byte[] error = errorObject(json, e.problem(), e.getMessage(), o.bucket(), key, source);
                storage.put(outBucket, errorKey, error, ProblemType.MEDIA_TYPE, Map.of(SOURCE_METADATA, marker));
                // The detail may quote cells of the file: it goes to the error object, not the log.
                LOG.warnf(
                        "upload s3://%s/%s cannot be %s; the reason is in s3://%s/%s",
                        o.bucket(), key, done, outBucket, errorKey);
                return outcome(o, key, UploadResponse.FAILED, List.of(errorKey), e.getMessage());
            }
            Map<String, String> metadata = new LinkedHashMap<>(result.metadata());
            metadata.put(SOURCE_METADATA, marker);
            // In order: the last output goes last, its presence marks the version as done.
            for (int i = 0; i < outputs.size(); i++) {
                storage.put(
                        outBucket,
                        outputKeys.get(i),
                        staged.get(i),
                        outputs.get(i).contentType(),
                        metadata);
            }
            if (storage.head(outBucket, errorKey, null).isPresent()) {
                storage.delete(outBucket, errorKey);
            }
            LOG.infof(
                    "%s from s3://%s/%s into s3://%s/%s",
                    result.detail(), o.bucket(), key, outBucket, outputKeys.get(0));
            return outcome(o, key, done, outputKeys, result.detail());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage the outputs under " + dir, e);
        } finally {
            staged.forEach(UploadService::deleteQuietly);
        }
    }

    /** Why a key is not an upload to process, or {@code null} when it is one. */
    public String ignoreReason(String key) {
        FunctionConfig.Upload u = config.upload();
        if (!key.startsWith(u.inputPrefix())) {
            return "not under the input prefix '" + u.inputPrefix() + "'";
        }
        if ((!u.outputPrefix().isEmpty() && key.startsWith(u.outputPrefix()))
                || (!u.errorPrefix().isEmpty() && key.startsWith(u.errorPrefix()))) {
            return "an output of this function";
        }
        String lower = key.toLowerCase(Locale.ROOT);
        List<String> extensions = processor.extensions();
        if (extensions.stream().noneMatch(lower::endsWith)) {
            return "not a " + processor.inputKind() + " (" + either(extensions) + ")";
        }
        if (processor.outputs(key).stream().anyMatch(out -> key.endsWith(out.suffix()))) {
            return "an output of this function";
        }
        return null;
    }

    /** {@code .tsv, .txt or .csv}. */
    private static String either(List<String> items) {
        if (items.size() <= 1) {
            return String.join("", items);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " or " + items.get(items.size() - 1);
    }

    /**
     * The error object of a source that can never be processed: a problem document whose
     * {@code instance} is the source's {@code s3://} URI, with the source's bucket, key, version and
     * ETag, and the time. The privacy audit's manifest trigger writes the same.
     */
    public static byte[] errorObject(
            ObjectMapper json,
            ProblemType type,
            String detail,
            String bucket,
            String key,
            S3Storage.ObjectInfo source) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type.type());
        body.put("title", type.title());
        body.put("status", type.status());
        body.put("detail", detail);
        body.put("instance", "s3://" + bucket + "/" + key);
        Map<String, Object> src = new LinkedHashMap<>();
        src.put("bucket", bucket);
        src.put("key", key);
        src.put("version_id", source.versionId());
        src.put("etag", source.etag());
        body.put("source", src);
        body.put("time", Instant.now().toString());
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsBytes(body);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot write the error object", ex);
        }
    }

    private static UploadResponse.Outcome outcome(
            UploadedObject o, String key, String status, List<String> outputs, String detail) {
        return new UploadResponse.Outcome(o.bucket(), key, status, outputs, detail);
    }

    private static String fileName(String relative) {
        int slash = relative.lastIndexOf('/');
        return slash < 0 ? relative : relative.substring(slash + 1);
    }

    private static String stripExtension(String relative) {
        int dot = relative.lastIndexOf('.');
        return dot <= relative.lastIndexOf('/') ? relative : relative.substring(0, dot);
    }

    /** Deletes a temporary file if it is there ({@code null}: nothing); a failure is only logged. */
    public static void deleteQuietly(Path p) {
        if (p == null) {
            return;
        }
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.debugf("cannot delete %s: %s", p, e.getMessage());
        }
    }

    /** The staged files opened for writing, closed together (all of them, even when one fails). */
    private static final class Outputs implements AutoCloseable {
        final List<OutputStream> list = new ArrayList<>();

        Outputs(List<Path> files) throws IOException {
            try {
                for (Path f : files) {
                    list.add(Files.newOutputStream(f));
                }
            } catch (IOException e) {
                close();
                throw e;
            }
        }

        @Override
        public void close() throws IOException {
            IOException first = null;
            for (OutputStream s : list) {
                try {
                    s.close();
                } catch (IOException e) {
                    if (first == null) {
                        first = e;
                    } else {
                        first.addSuppressed(e);
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        }
    }
}
