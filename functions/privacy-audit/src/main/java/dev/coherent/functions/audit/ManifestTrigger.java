package dev.coherent.functions.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coherent.CoherentException;
import dev.coherent.audit.AuditConfig;
import dev.coherent.audit.AuditReference;
import dev.coherent.audit.AuditReportWriter;
import dev.coherent.audit.PrivacyAudit;
import dev.coherent.functions.common.config.FunctionConfig;
import dev.coherent.functions.common.problem.ProblemException;
import dev.coherent.functions.common.problem.ProblemType;
import dev.coherent.functions.common.upload.S3Storage;
import dev.coherent.functions.common.upload.UploadEvents;
import dev.coherent.functions.common.upload.UploadResponse;
import dev.coherent.functions.common.upload.UploadService;
import dev.coherent.functions.common.upload.UploadedObject;
import dev.coherent.modelset.ModelSet;
import dev.coherent.store.ModelSetLayout;
import dev.coherent.store.ModelStore;
import dev.coherent.store.ModelStoreUnavailableException;
import dev.coherent.store.ModelStores;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Audits a model set when it lands in S3: the upload of {@code <set>/manifest.json} (under
 * {@code coherent.upload.input-prefix}), or of a file of its audit reference
 * {@code <set>-audit-reference/} (which {@code coherent train} writes before the set). The reports
 * go next to the set, to {@code <set>/<report-folder>/report.html} then {@code report.json}, or, when
 * {@code coherent.audit.output-uri} is an S3 URI, to
 * {@code <output-uri>/<set key>/<report-folder>/} (as deployed: the function may write only there).
 * The configured set ({@code coherent.models.uri}) is audited against
 * {@code coherent.audit.reference-uri} when that is set, in any bucket; other sets against their
 * {@code <set>-audit-reference}.
 *
 * <p>Idempotent per manifest version: the reports carry the manifest's version id (or ETag) as
 * {@link UploadService#SOURCE_METADATA}, and an event for a version that already has its
 * {@code report.json} (or {@code error.json}) does nothing. A set whose reference is not complete
 * yet waits (the reference's own upload triggers the audit). A set that can never be audited (a
 * malformed or tampered manifest, a reference of another set or too small) gets
 * {@code <set>/<report-folder>/error.json} and the handler returns normally, so Lambda does not
 * retry it; failures worth a retry (S3 unreachable) escape.
 */
@ApplicationScoped
public class ManifestTrigger {
    private static final Logger LOG = Logger.getLogger(ManifestTrigger.class);
    /** Outcome of an audited set; {@code already-audited} on redelivery. */
    public static final String AUDITED = "audited";
    /** Outcome of a set whose audit reference is not complete yet. */
    public static final String WAITING = "waiting-for-reference";

    public static final String ERROR = "error.json";
    private static final Set<String> REFERENCE_FILES =
            Set.of(AuditReference.META, AuditReference.TRAIN, AuditReference.HOLDOUT);

    private final AuditService audits;
    private final PrivacyAuditConfig config;
    private final FunctionConfig common;
    private final S3Storage storage;
    private final ObjectMapper json;

    public ManifestTrigger(
            AuditService audits,
            PrivacyAuditConfig config,
            FunctionConfig common,
            S3Storage storage,
            ObjectMapper json) {
        this.audits = audits;
        this.config = config;
        this.common = common;
        this.storage = storage;
        this.json = json;
    }

    /** Handles one S3, EventBridge, SQS or SNS event. */
    public UploadResponse handle(JsonNode event) {
        return UploadEvents.handle(event, json, this::process);
    }

    /** The model set prefix (ending in {@code /}) an uploaded key belongs to, or {@code null}. */
    String setPrefix(String key) {
        if (!key.startsWith(common.upload().inputPrefix())) {
            return null;
        }
        int slash = key.lastIndexOf('/');
        String name = key.substring(slash + 1);
        String folder = slash < 0 ? "" : key.substring(0, slash);
        if (name.equals(ModelSetLayout.MANIFEST)) {
            // Only a set's own manifest: not one inside the report folder of another.
            return folder.isEmpty()
                            || folder.endsWith("/" + config.trigger().reportFolder())
                            || folder.equals(config.trigger().reportFolder())
                    ? null
                    : folder + "/";
        }
        if (REFERENCE_FILES.contains(name) && folder.endsWith(ModelSetLayout.AUDIT_REFERENCE_SUFFIX)) {
            String set = folder.substring(0, folder.length() - ModelSetLayout.AUDIT_REFERENCE_SUFFIX.length());
            return set.isEmpty() || set.endsWith("/") ? null : set + "/";
        }
        return null;
    }

    /** Audits the model set of one uploaded object, or explains why not. */
    public UploadResponse.Outcome process(UploadedObject o) {
        String key = o.key();
        String prefix = setPrefix(key);
        if (prefix == null && o.otherKey() != null) {
            key = o.otherKey();
            prefix = setPrefix(key);
        }
        if (prefix == null) {
            return outcome(
                    o,
                    o.key(),
                    UploadResponse.IGNORED,
                    List.of(),
                    "not the manifest.json of a model set (or a file of its audit reference) under '"
                            + common.upload().inputPrefix() + "'");
        }
        String manifestKey = prefix + ModelSetLayout.MANIFEST;
        boolean byManifest = key.equals(manifestKey);
        Optional<S3Storage.ObjectInfo> found = storage.head(o.bucket(), manifestKey, byManifest ? o.versionId() : null);
        if (found.isEmpty()) {
            return outcome(
                    o,
                    key,
                    UploadResponse.IGNORED,
                    List.of(),
                    byManifest
                            ? "the object no longer exists"
                            : "no model set at s3://" + o.bucket() + "/" + manifestKey
                                    + " yet; its upload triggers the audit");
        }
        S3Storage.ObjectInfo manifest = found.get();
        if (byManifest && o.supersededBy(manifest)) {
            return outcome(
                    o,
                    key,
                    UploadResponse.IGNORED,
                    List.of(),
                    "superseded by a newer upload of the same manifest, which has its own event");
        }
        String marker = manifest.versionMarker();
        String setUri = "s3://" + o.bucket() + "/" + prefix.substring(0, prefix.length() - 1);
        Location out = reportLocation(o.bucket(), prefix);
        String folder = out.key();
        String jsonKey = folder + AuditReportWriter.JSON;
        String htmlKey = folder + AuditReportWriter.HTML;
        String errorKey = folder + ERROR;
        // Outputs are named by key in the event's bucket, by s3:// URI in another one.
        List<String> reports = List.of(name(o, out, htmlKey), name(o, out, jsonKey));
        List<String> errors = List.of(name(o, out, errorKey));
        if (marker.equals(storage.sourceOf(out.bucket(), jsonKey))) {
            return outcome(
                    o, key, UploadResponse.ALREADY + AUDITED, reports, "this manifest version was already audited");
        }
        if (marker.equals(storage.sourceOf(out.bucket(), errorKey))) {
            return outcome(o, key, UploadResponse.ALREADY_FAILED, errors, "this manifest version was already refused");
        }
        String referenceUri = referenceUri(setUri);
        for (String file : REFERENCE_FILES) {
            if (!referenceHas(referenceUri, file)) {
                boolean watched = referenceUri.equals(ModelSetLayout.auditReferenceUri(setUri));
                return outcome(
                        o,
                        key,
                        WAITING,
                        List.of(),
                        "the audit reference " + referenceUri
                                + " has no " + file + " yet; "
                                + (watched
                                        ? "its upload triggers the audit"
                                        : "upload the set's manifest again (or redeliver its event) once it is complete"));
            }
        }

        PrivacyAudit.Report report;
        Path copy = null;
        try (ModelStore store = ModelStores.open(setUri, audits.s3())) {
            copy = store.materialize(audits.cacheDir());
            try (ModelSet set = ModelSet.load(copy)) {
                AuditConfig settings = audits.defaultSettings(set);
                audits.checkReference(referenceUri, set);
                report = audits.audit(set, referenceUri, settings);
            }
        } catch (ModelStoreUnavailableException e) {
            throw e;
        } catch (ProblemException e) {
            if (e.problem().status() >= 500) {
                throw e;
            }
            return refuse(o, key, manifestKey, manifest, marker, out.bucket(), errorKey, e.problem(), e.getMessage());
        } catch (CoherentException | IllegalArgumentException e) {
            // Messages about the local copy name it by the set's URI instead.
            String detail = copy == null
                    ? e.getMessage()
                    : e.getMessage()
                            .replace(copy.toAbsolutePath() + "/", setUri + "/")
                            .replace(copy + "/", setUri + "/");
            return refuse(
                    o,
                    key,
                    manifestKey,
                    manifest,
                    marker,
                    out.bucket(),
                    errorKey,
                    AuditProblemType.INVALID_MODEL_SET,
                    detail);
        } finally {
            if (copy != null) {
                audits.deleteCopy(copy);
            }
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(UploadService.SOURCE_METADATA, marker);
        metadata.put(UploadService.MODEL_SET_METADATA, report.modelSetSha256());
        // report.json last: its presence with this marker means the version is done.
        storage.put(out.bucket(), htmlKey, AuditReportWriter.html(report), "text/html; charset=utf-8", metadata);
        storage.put(out.bucket(), jsonKey, AuditReportWriter.json(report), "application/json", metadata);
        if (storage.head(out.bucket(), errorKey, null).isPresent()) {
            storage.delete(out.bucket(), errorKey);
        }
        String verdict = report.pass() ? "PASS" : "FAIL";
        LOG.infof("audited model set %s (%s) at %s: %s", report.modelSetVersion(), marker, setUri, verdict);
        return outcome(
                o,
                key,
                AUDITED,
                reports,
                "verdict " + verdict + (report.pass() ? "" : ": " + String.join("; ", report.reasons())));
    }

    /** Writes the error object of a set that can never be audited; the detail names files and counts only. */
    private UploadResponse.Outcome refuse(
            UploadedObject o,
            String key,
            String manifestKey,
            S3Storage.ObjectInfo manifest,
            String marker,
            String errorBucket,
            String errorKey,
            ProblemType type,
            String detail) {
        byte[] bytes = UploadService.errorObject(json, type, detail, o.bucket(), manifestKey, manifest);
        storage.put(
                errorBucket, errorKey, bytes, ProblemType.MEDIA_TYPE, Map.of(UploadService.SOURCE_METADATA, marker));
        LOG.warnf(
                "model set of s3://%s/%s cannot be audited; the reason is in s3://%s/%s",
                o.bucket(), key, errorBucket, errorKey);
        return outcome(
                o,
                key,
                UploadResponse.FAILED,
                List.of(errorBucket.equals(o.bucket()) ? errorKey : "s3://" + errorBucket + "/" + errorKey),
                detail);
    }

    /** A bucket and a key (or key prefix) in it. */
    record Location(String bucket, String key) {
        /** {@code s3://bucket/key} split, or {@code null} when the URI is not an S3 one. */
        static Location parse(String uri) {
            if (uri == null || !uri.regionMatches(true, 0, "s3://", 0, 5)) {
                return null;
            }
            String rest = uri.substring(5);
            int slash = rest.indexOf('/');
            String bucket = slash < 0 ? rest : rest.substring(0, slash);
            String key = slash < 0 ? "" : stripSlashes(rest.substring(slash + 1));
            return bucket.isEmpty() ? null : new Location(bucket, key);
        }
    }

    /** Whether the set at {@code setUri} is the one this function is configured with ({@code coherent.models.uri}). */
    boolean isConfiguredSet(String setUri) {
        return normalize(setUri).equals(normalize(common.models().uri()));
    }

    /**
     * The audit reference of the set at {@code setUri}: {@code coherent.audit.reference-uri} (in any
     * bucket) for the configured set when it is set, otherwise {@code <set>-audit-reference}.
     */
    String referenceUri(String setUri) {
        Optional<String> configured = config.audit().referenceUri();
        if (configured.isPresent() && isConfiguredSet(setUri)) {
            return stripSlashes(configured.get().trim());
        }
        return ModelSetLayout.auditReferenceUri(setUri);
    }

    /**
     * Where the reports of the set at {@code prefix} of {@code bucket} go (a key prefix ending in
     * {@code /}): {@code <coherent.audit.output-uri>/<set key>/<report-folder>/} when that is an S3
     * URI, otherwise {@code <set>/<report-folder>/} next to the set.
     */
    Location reportLocation(String bucket, String prefix) {
        Location output =
                Location.parse(config.audit().outputUri().map(String::trim).orElse(null));
        String folder = prefix + config.trigger().reportFolder() + "/";
        if (output == null) {
            return new Location(bucket, folder);
        }
        return new Location(output.bucket(), output.key().isEmpty() ? folder : output.key() + "/" + folder);
    }

    private boolean referenceHas(String referenceUri, String file) {
        Location ref = Location.parse(referenceUri);
        if (ref != null) {
            return storage.head(ref.bucket(), ref.key().isEmpty() ? file : ref.key() + "/" + file, null)
                    .isPresent();
        }
        try (ModelStore store = ModelStores.open(referenceUri, audits.s3())) {
            return store.exists(file);
        }
    }

    /** An S3 URI compared by value: scheme in lower case, no trailing or doubled slashes. */
    static String normalize(String uri) {
        String u = uri == null ? "" : uri.trim();
        if (u.regionMatches(true, 0, "s3://", 0, 5)) {
            u = "s3://" + u.substring(5).replaceAll("/{2,}", "/");
        }
        return stripSlashes(u);
    }

    private static String stripSlashes(String s) {
        String r = s;
        while (r.endsWith("/")) {
            r = r.substring(0, r.length() - 1);
        }
        return r;
    }

    private static String name(UploadedObject o, Location out, String key) {
        return out.bucket().equals(o.bucket()) ? key : "s3://" + out.bucket() + "/" + key;
    }

    private static UploadResponse.Outcome outcome(
            UploadedObject o, String key, String status, List<String> outputs, String detail) {
        return new UploadResponse.Outcome(o.bucket(), key, status, outputs, detail);
    }
}
