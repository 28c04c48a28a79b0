package dev.coherent.functions.imputation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * Imputes uploaded wide tables: for each created object under {@code coherent.upload.input-prefix}
 * it writes {@code <output-prefix>/<name>.imputed.tsv} and then {@code <name>.report.json}, or
 * {@code <error-prefix>/<name>.error.json} for a file that can never be imputed.
 *
 * <p>Idempotent per object version: both outputs carry the source's version id (or ETag, in an
 * unversioned bucket) as metadata, the report is written last, and a redelivered event whose
 * source already has a report (or an error object) is answered without work. The input is only
 * read. The file streams through the engine in chunks into temporary files, so memory stays
 * bounded. Poison files return a {@code failed} outcome; S3 or model-set failures escape so that
 * Lambda's bounded retries (and dead-letter queue) take over.
 */
@ApplicationScoped
public class UploadService {
    private static final Logger LOG = Logger.getLogger(UploadService.class);
    /** User metadata key holding the source object's version id or ETag. */
    static final String SOURCE_METADATA = "coherent-source";
    static final String MODEL_SET_METADATA = "coherent-model-set";
    static final String TABLE_SUFFIX = ".imputed.tsv";
    static final String REPORT_SUFFIX = ".report.json";
    static final String ERROR_SUFFIX = ".error.json";
    private static final List<String> TABLE_EXTENSIONS = List.of(".tsv", ".txt", ".csv");

    private final ImputationConfig config;
    private final ImputationService imputation;
    private final S3Storage storage;
    private final ObjectMapper json;

    public UploadService(ImputationConfig config, ImputationService imputation, S3Storage storage, ObjectMapper json) {
        this.config = config;
        this.imputation = imputation;
        this.storage = storage;
        this.json = json;
    }

    /** Handles one S3, EventBridge, SQS or SNS event. */
    public UploadResponse handle(JsonNode event) {
        UploadEvents.Parsed parsed = UploadEvents.parse(event, json);
        List<UploadResponse.Outcome> outcomes = new ArrayList<>();
        for (UploadedObject o : parsed.objects()) {
            outcomes.add(process(o));
        }
        if (!parsed.ignored().isEmpty()) {
            LOG.infof("ignored parts of an event: %s", parsed.ignored());
        }
        return new UploadResponse(outcomes, parsed.ignored());
    }

    /** Imputes one uploaded object, or explains why not. */
    public UploadResponse.Outcome process(UploadedObject o) {
        ImputationConfig.Upload u = config.upload();
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
        if (o.versionId() == null && o.etag() != null && source.etag() != null
                && !S3Storage.unquote(o.etag()).equals(source.etag())) {
            return outcome(o, key, UploadResponse.IGNORED, List.of(),
                    "superseded by a newer upload of the same key, which has its own event");
        }
        String marker = source.versionId() != null ? "version:" + source.versionId() : "etag:" + source.etag();
        String relative = key.substring(u.inputPrefix().length());
        String name = stripExtension(relative);
        String outBucket = u.outputBucket().orElse(o.bucket());
        String tableKey = u.outputPrefix() + name + TABLE_SUFFIX;
        String reportKey = u.outputPrefix() + name + REPORT_SUFFIX;
        String errorKey = u.errorPrefix() + name + ERROR_SUFFIX;

        if (marker.equals(sourceOf(outBucket, reportKey))) {
            return outcome(o, key, UploadResponse.ALREADY_IMPUTED, List.of(tableKey, reportKey),
                    "this version was already imputed");
        }
        if (marker.equals(sourceOf(outBucket, errorKey))) {
            return outcome(o, key, UploadResponse.ALREADY_FAILED, List.of(errorKey),
                    "this version was already refused");
        }
        Path dir = Path.of(u.workDir());
        Path table = null;
        Path report = null;
        try {
            Files.createDirectories(dir);
            table = Files.createTempFile(dir, "imputed-", ".tsv");
            report = Files.createTempFile(dir, "report-", ".json");
            ImputationService.TableSummary summary;
            try (InputStream in = storage.open(o.bucket(), key, source.versionId());
                    OutputStream t = Files.newOutputStream(table);
                    OutputStream r = Files.newOutputStream(report)) {
                summary = imputation.imputeTable(in, fileName(relative), t, r);
            } catch (ImputationRejectedException e) {
                if (e.problem() != ProblemType.INVALID_UPLOAD) {
                    throw e;
                }
                storage.put(outBucket, errorKey, errorObject(o, key, source, e), "application/problem+json",
                        Map.of(SOURCE_METADATA, marker));
                // The detail may quote cells of the file: it goes to the error object, not the log.
                LOG.warnf("upload s3://%s/%s cannot be imputed; the reason is in s3://%s/%s", o.bucket(), key,
                        outBucket, errorKey);
                return outcome(o, key, UploadResponse.FAILED, List.of(errorKey), e.getMessage());
            }
            Map<String, String> metadata = Map.of(SOURCE_METADATA, marker, MODEL_SET_METADATA,
                    summary.modelSetSha256());
            storage.put(outBucket, tableKey, table, "text/tab-separated-values", metadata);
            // The report goes last: its presence marks the version as done.
            storage.put(outBucket, reportKey, report, "application/json", metadata);
            if (storage.head(outBucket, errorKey, null).isPresent()) {
                storage.delete(outBucket, errorKey);
            }
            LOG.infof("imputed %d modalities of %d patients from s3://%s/%s into s3://%s/%s",
                    summary.imputedModalities(), summary.patients(), o.bucket(), key, outBucket, tableKey);
            return outcome(o, key, UploadResponse.IMPUTED, List.of(tableKey, reportKey), String.format(Locale.ROOT,
                    "imputed %d modalities of %d patients", summary.imputedModalities(), summary.patients()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage the outputs under " + dir, e);
        } finally {
            deleteQuietly(table);
            deleteQuietly(report);
        }
    }

    /** Why a key is not an upload to impute, or {@code null} when it is one. */
    private String ignoreReason(String key) {
        ImputationConfig.Upload u = config.upload();
        if (!key.startsWith(u.inputPrefix())) {
            return "not under the input prefix '" + u.inputPrefix() + "'";
        }
        if ((!u.outputPrefix().isEmpty() && key.startsWith(u.outputPrefix()))
                || (!u.errorPrefix().isEmpty() && key.startsWith(u.errorPrefix())) || key.endsWith(TABLE_SUFFIX)) {
            return "an output of this function";
        }
        String lower = key.toLowerCase(Locale.ROOT);
        if (TABLE_EXTENSIONS.stream().noneMatch(lower::endsWith)) {
            return "not a table (.tsv, .txt or .csv)";
        }
        return null;
    }

    private String sourceOf(String bucket, String key) {
        return storage.head(bucket, key, null).map(i -> i.metadata().get(SOURCE_METADATA)).orElse(null);
    }

    private byte[] errorObject(UploadedObject o, String key, S3Storage.ObjectInfo source,
            ImputationRejectedException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", e.problem().type());
        body.put("title", e.problem().title());
        body.put("status", e.problem().status());
        body.put("detail", e.getMessage());
        body.put("instance", "s3://" + o.bucket() + "/" + key);
        Map<String, Object> src = new LinkedHashMap<>();
        src.put("bucket", o.bucket());
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

    private static UploadResponse.Outcome outcome(UploadedObject o, String key, String status, List<String> outputs,
            String detail) {
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

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                LOG.debugf("cannot delete %s: %s", p, e.getMessage());
            }
        }
    }
}
