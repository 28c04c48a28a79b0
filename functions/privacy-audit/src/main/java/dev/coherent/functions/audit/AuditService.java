package dev.coherent.functions.audit;

import dev.coherent.CoherentException;
import dev.coherent.audit.AuditConfig;
import dev.coherent.audit.AuditReference;
import dev.coherent.audit.AuditReportWriter;
import dev.coherent.audit.AuditThresholds;
import dev.coherent.audit.PrivacyAudit;
import dev.coherent.diffusion.SamplerSettings;
import dev.coherent.functions.common.config.FunctionConfig;
import dev.coherent.functions.common.modelset.ModelSetLease;
import dev.coherent.functions.common.modelset.ModelSetService;
import dev.coherent.functions.common.problem.CommonProblemType;
import dev.coherent.functions.common.problem.ProblemException;
import dev.coherent.functions.common.request.SamplerRequests;
import dev.coherent.json.Json;
import dev.coherent.modelset.ImputationMethod;
import dev.coherent.modelset.ModelSet;
import dev.coherent.store.ModelSetLayout;
import dev.coherent.store.ModelStore;
import dev.coherent.store.ModelStoreUnavailableException;
import dev.coherent.store.ModelStores;
import dev.coherent.store.PublishedModelSets;
import dev.coherent.store.S3Settings;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Runs privacy audits with the shared-model engine; the only class of the function that touches
 * {@code dev.coherent.audit}. Turns a request into an {@link AuditConfig} (defaults, limits,
 * thresholds), checks and reads audit references, runs {@link PrivacyAudit} and writes its reports
 * to a model store. Both the HTTP jobs ({@link AuditJobs}) and the manifest trigger
 * ({@link ManifestTrigger}) go through it.
 */
@ApplicationScoped
public class AuditService {
    private final PrivacyAuditConfig config;
    private final FunctionConfig common;
    private final ModelSetService modelSets;

    public AuditService(PrivacyAuditConfig config, FunctionConfig common, ModelSetService modelSets) {
        this.config = config;
        this.common = common;
        this.modelSets = modelSets;
    }

    /** The served set, lent until closed; waits while it loads (503 problem when it cannot be served). */
    public ModelSetLease servedSet() {
        return modelSets.lease();
    }

    /** The engine's S3 settings from {@code coherent.s3.*}. */
    public S3Settings s3() {
        return ModelSetService.s3Settings(common.s3());
    }

    /**
     * The served set's audit reference URI: the configured one, else the sibling of the newest set
     * at {@code coherent.models.uri} (the location itself, or its newest published child), which
     * {@link #checkReference} then checks against the leased set's version.
     */
    public String referenceUri() {
        return config.audit()
                .referenceUri()
                .orElseGet(() -> ModelSetLayout.auditReferenceUri(
                        PublishedModelSets.resolve(common.models().uri(), s3())));
    }

    /** Where HTTP audits write their reports. */
    public String outputUri() {
        return config.audit().outputUri().orElse(stripSlash(common.models().uri()) + "-audits");
    }

    /**
     * The audit settings for a request against the served set: defaults for what it leaves out,
     * every field checked against the limits and the set.
     *
     * @throws ProblemException invalid request (400) naming the field, or a version that is not served (409)
     */
    public AuditConfig settings(ModelSet set, AuditRequest r) {
        AuditRequest body = r != null ? r : new AuditRequest(null, null, null, null, null, null, null, null);
        if (body.version() != null
                && !body.version().equals(set.version())
                && !body.version().equals(set.sha256())) {
            throw new ProblemException(
                    AuditProblemType.VERSION_NOT_SERVED,
                    "version '" + body.version()
                            + "' is not the model set this function serves (version " + set.version() + ", sha256 "
                            + set.sha256() + "); deploy it, or audit it with `coherent audit --models URI`");
        }
        List<ImputationMethod> methods = methods(
                set, body.methods() != null ? body.methods() : config.defaults().methods());
        int k = body.k() != null ? body.k() : config.defaults().k();
        if (k < 1 || k > config.limits().maxK()) {
            throw invalid("k must be between 1 and " + config.limits().maxK() + ", got " + k);
        }
        int samples =
                body.samples() != null ? body.samples() : config.defaults().samples();
        if (samples <= k || samples > config.limits().maxSamples()) {
            throw invalid("samples must be more than k (" + k + ") and at most "
                    + config.limits().maxSamples() + ", got " + samples);
        }
        PrivacyAuditConfig.Defaults d = config.defaults();
        // The request has no variance: auto, which is the schedule's for unconditional generation
        // (no validation x0 error) and the analytic one for the conditional check where measured.
        SamplerSettings sampler = SamplerRequests.settings(
                set,
                body.sampler(),
                body.steps(),
                body.eta(),
                null,
                d,
                config.limits().maxSteps());
        long seed = body.seed() != null ? body.seed() : d.seed();
        return new AuditConfig(
                methods,
                samples,
                k,
                seed,
                sampler,
                AuditConfig.DEFAULT_MIA_STEPS,
                config.audit().conditionalDraws(),
                thresholds());
    }

    /**
     * The settings of an audit nobody asked for (the manifest trigger): the defaults, with only the
     * default methods the set has models for.
     */
    public AuditConfig defaultSettings(ModelSet set) {
        List<String> methods = config.defaults().methods().stream()
                .filter(name -> {
                    ImputationMethod m = ImputationMethod.parse(name);
                    return set.modalities().stream()
                            .anyMatch(t -> set.availableMethods(t, List.of()).contains(m));
                })
                .toList();
        return settings(set, new AuditRequest(methods, null, null, null, null, null, null, null));
    }

    /** The configured verdict thresholds. */
    public AuditThresholds thresholds() {
        PrivacyAuditConfig.Thresholds t = config.thresholds();
        return new AuditThresholds(t.maxUnconditionalF1(), t.maxMiaAuc(), t.maxDcrShare(), t.maxR2Gap());
    }

    private List<ImputationMethod> methods(ModelSet set, List<String> names) {
        if (names.isEmpty()) {
            throw invalid("methods is empty; give one or more of coherent, multi and linear");
        }
        List<ImputationMethod> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            ImputationMethod m =
                    switch (name == null ? "" : name.trim().toLowerCase(Locale.ROOT)) {
                        case "coherent" -> ImputationMethod.COHERENT;
                        case "multi" -> ImputationMethod.MULTI;
                        case "linear" -> ImputationMethod.LINEAR;
                        default ->
                            throw invalid("methods[" + i + "]: unknown method '" + name
                                    + "' (expected coherent, multi or linear)");
                    };
            if (out.contains(m)) {
                throw invalid("methods[" + i + "]: '" + name + "' is given twice");
            }
            if (set.modalities().stream()
                    .noneMatch(t -> set.availableMethods(t, List.of()).contains(m))) {
                throw invalid("methods[" + i + "]: the model set has no " + m.label() + " models");
            }
            out.add(m);
        }
        return out;
    }

    /**
     * Refuses when the audit reference at {@code uri} is incomplete or belongs to another model set.
     *
     * @throws ProblemException 409 saying what is missing; 503 when the store cannot be reached
     */
    public void checkReference(String uri, ModelSet set) {
        try (ModelStore store = ModelStores.open(uri, s3())) {
            List<String> missing = Stream.of(AuditReference.META, AuditReference.TRAIN, AuditReference.HOLDOUT)
                    .filter(key -> !store.exists(key))
                    .toList();
            if (!missing.isEmpty()) {
                throw new ProblemException(
                        AuditProblemType.REFERENCE_UNAVAILABLE,
                        "the audit reference at " + uri
                                + " is missing (no " + String.join(", ", missing) + "); `coherent train` writes it, or"
                                + " `coherent audit-reference --cohort DIR --models URI` rebuilds it");
            }
            AuditReference.Meta meta =
                    Json.MAPPER.readValue(store.read(AuditReference.META), AuditReference.Meta.class);
            if (!set.version().equals(meta.modelSetVersion())) {
                throw new ProblemException(
                        AuditProblemType.REFERENCE_UNAVAILABLE,
                        "the audit reference at " + uri + " belongs to model set version " + meta.modelSetVersion()
                                + ", not " + set.version());
            }
        } catch (ModelStoreUnavailableException e) {
            throw new ProblemException(
                    AuditProblemType.STORE_UNAVAILABLE,
                    "cannot reach the audit reference at " + uri + "; retry later",
                    e);
        } catch (IOException e) {
            throw new ProblemException(
                    AuditProblemType.REFERENCE_UNAVAILABLE,
                    "the audit reference at " + uri + " has an unreadable " + AuditReference.META + ": "
                            + e.getMessage(),
                    e);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(AuditProblemType.REFERENCE_UNAVAILABLE, e.getMessage(), e);
        }
    }

    /**
     * Audits {@code set} against the reference at {@code referenceUri}. The reference is copied under
     * {@code coherent.models.cache-dir} when it is on S3, and that copy is deleted afterwards.
     *
     * @throws CoherentException when the reference cannot be read or the audit cannot run on it
     * @throws IllegalArgumentException when the reference has too few records for the settings
     */
    public PrivacyAudit.Report audit(ModelSet set, String referenceUri, AuditConfig settings) {
        try (ModelStore store = ModelStores.open(referenceUri, s3())) {
            Path dir = store.materialize(cacheDir());
            try {
                AuditReference ref = AuditReference.read(dir, set);
                return new PrivacyAudit(set, settings).run(ref, r -> {});
            } finally {
                deleteCopy(dir);
            }
        }
    }

    /** Where S3 model sets and references are copied. */
    public Path cacheDir() {
        return Path.of(common.models().cacheDir());
    }

    /** Deletes a folder only when it is a copy under the cache folder (a local store hands out its own folder). */
    public void deleteCopy(Path dir) {
        Path cache = cacheDir().toAbsolutePath().normalize();
        Path d = dir.toAbsolutePath().normalize();
        if (!d.startsWith(cache) || d.equals(cache)) {
            return;
        }
        try {
            ModelStores.deleteTree(d);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + d, e);
        }
    }

    /** Written reports: where report.json and report.html went. */
    public record Written(String json, String html) {}

    /** Writes {@code <prefix>report.html}, then {@code <prefix>report.json}, to the store at {@code uri}. */
    public Written write(String uri, String prefix, PrivacyAudit.Report report) {
        try (ModelStore store = ModelStores.open(uri, s3())) {
            String html = prefix + AuditReportWriter.HTML;
            String json = prefix + AuditReportWriter.JSON;
            store.write(html, AuditReportWriter.html(report));
            store.write(json, AuditReportWriter.json(report));
            String root = stripSlash(store.uri().toString());
            return new Written(root + "/" + json, root + "/" + html);
        }
    }

    static String stripSlash(String uri) {
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }

    private static ProblemException invalid(String detail) {
        return new ProblemException(CommonProblemType.INVALID_REQUEST, detail);
    }
}
