package dev.coherent.functions.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coherent.CoherentException;
import dev.coherent.audit.AuditConfig;
import dev.coherent.audit.AuditReportWriter;
import dev.coherent.audit.PrivacyAudit;
import dev.coherent.functions.common.modelset.ModelSetLease;
import dev.coherent.functions.common.problem.ProblemException;
import dev.coherent.modelset.ModelSet;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The audits started over HTTP: each runs on a bounded executor ({@code coherent.audit.concurrency}
 * runners, {@code coherent.audit.queue-size} waiting, more refused with 429), and its status is
 * kept in memory by id (the last {@code coherent.audit.retained} finished ones). Reports go to
 * {@code <coherent.audit.output-uri>/<id>/report.json|html}.
 */
@ApplicationScoped
public class AuditJobs {
    private static final Logger LOG = Logger.getLogger(AuditJobs.class);

    private final AuditService audits;
    private final PrivacyAuditConfig config;
    private final ObjectMapper json;
    private final ThreadPoolExecutor executor;
    private final Map<String, AuditStatus> jobs = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> finished = new ConcurrentLinkedQueue<>();

    public AuditJobs(AuditService audits, PrivacyAuditConfig config, ObjectMapper json) {
        this.audits = audits;
        this.config = config;
        this.json = json;
        int runners = Math.max(1, config.audit().concurrency());
        int queue = Math.max(0, config.audit().queueSize());
        BlockingQueue<Runnable> waiting = queue == 0 ? new SynchronousQueue<>() : new LinkedBlockingQueue<>(queue);
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(runners, runners, 0, TimeUnit.SECONDS, waiting, r -> {
            Thread t = new Thread(r, "audit-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }

    /**
     * Checks a request and queues its audit.
     *
     * @throws ProblemException invalid request (400), version not served or reference unavailable
     *     (409), queue full (429), model set or store unavailable (503)
     */
    public AuditStatus submit(AuditRequest request) {
        // Held by the audit until it ends: a live update cannot close the set under it.
        ModelSetLease lease = audits.servedSet();
        try {
            return submit(request, lease);
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    private AuditStatus submit(AuditRequest request, ModelSetLease lease) {
        ModelSet set = lease.set();
        AuditConfig settings = audits.settings(set, request);
        String referenceUri = audits.referenceUri();
        audits.checkReference(referenceUri, set);
        String id = UUID.randomUUID().toString();
        AuditStatus queued = new AuditStatus(
                id,
                AuditStatus.QUEUED,
                null,
                Instant.now().toString(),
                null,
                null,
                new AuditStatus.ModelSetRef(set.version(), set.sha256()),
                settings(settings),
                null,
                null,
                null,
                Map.of("self", "/v1/audits/" + id));
        jobs.put(id, queued);
        try {
            executor.execute(() -> {
                try (lease) {
                    run(queued, set, referenceUri, settings);
                }
            });
        } catch (RejectedExecutionException e) {
            jobs.remove(id);
            throw new ProblemException(
                    AuditProblemType.TOO_MANY_AUDITS,
                    "already " + executor.getActiveCount()
                            + " audit(s) running and " + executor.getQueue().size() + " waiting, the most this function"
                            + " takes; retry when one has finished");
        }
        return queued;
    }

    /** The status of an audit, or empty when no audit has that id (or it was forgotten). */
    public Optional<AuditStatus> get(String id) {
        return Optional.ofNullable(jobs.get(id));
    }

    private void run(AuditStatus queued, ModelSet set, String referenceUri, AuditConfig settings) {
        String id = queued.id();
        String started = Instant.now().toString();
        update(queued, AuditStatus.RUNNING, "auditing", started, null, null, null, null);
        try {
            PrivacyAudit.Report report = audits.audit(set, referenceUri, settings);
            AuditService.Written written = audits.write(audits.outputUri(), id + "/", report);
            JsonNode result = json.readTree(AuditReportWriter.json(report));
            String detail = report.pass()
                    ? "every method and target is within the thresholds"
                    : String.join("; ", report.reasons());
            update(
                    queued,
                    AuditStatus.SUCCEEDED,
                    detail,
                    started,
                    report.pass() ? "pass" : "fail",
                    new AuditStatus.Report(written.json(), written.html()),
                    result,
                    Instant.now().toString());
            LOG.infof("audit %s of model set %s: %s", id, set.version(), report.pass() ? "PASS" : "FAIL");
        } catch (CoherentException | IllegalArgumentException e) {
            // Engine and store messages name files and counts, never patient values.
            update(
                    queued,
                    AuditStatus.FAILED,
                    e.getMessage(),
                    started,
                    null,
                    null,
                    null,
                    Instant.now().toString());
            LOG.warnf("audit %s failed: %s", id, e.getMessage());
        } catch (IOException | RuntimeException | Error e) {
            update(
                    queued,
                    AuditStatus.FAILED,
                    "the audit failed on the server; it has been logged",
                    started,
                    null,
                    null,
                    null,
                    Instant.now().toString());
            LOG.errorf(e, "audit %s failed", id);
        }
    }

    private void update(
            AuditStatus q,
            String status,
            String detail,
            String started,
            String verdict,
            AuditStatus.Report report,
            JsonNode result,
            String finishedAt) {
        jobs.put(
                q.id(),
                new AuditStatus(
                        q.id(),
                        status,
                        detail,
                        q.createdAt(),
                        started,
                        finishedAt,
                        q.modelSet(),
                        q.settings(),
                        verdict,
                        report,
                        result,
                        q.links()));
        if (finishedAt != null) {
            finished.add(q.id());
            while (finished.size() > Math.max(1, config.audit().retained())) {
                String old = finished.poll();
                if (old != null) {
                    jobs.remove(old);
                }
            }
        }
    }

    private static AuditStatus.Settings settings(AuditConfig c) {
        return new AuditStatus.Settings(
                c.methods().stream().map(m -> m.label()).toList(),
                c.samples(),
                c.k(),
                c.seed(),
                c.sampler().kind().label(),
                c.sampler().steps(),
                c.sampler().eta());
    }
}
