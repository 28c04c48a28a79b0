package dev.coherent.functions.common.metrics;

import dev.coherent.functions.common.config.FunctionConfig;
import dev.coherent.imputation.ImputedModality;
import dev.coherent.imputation.OutOfDistribution;
import dev.coherent.imputation.PatientImputation;
import dev.coherent.imputation.RawImputedModality;
import dev.coherent.imputation.RawPatientImputation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The functions' own metrics, named {@code coherent_*} in Prometheus ({@code /q/metrics}, beside
 * Quarkus' {@code http_server_requests_*}, every series tagged with the function's name): what was
 * imputed (modalities, draws, rejected and diverged draws), how many patients were answered and
 * flagged out of distribution, the micro-batches (requests and rows per batch, the wait before
 * one runs) and the model set served ({@code coherent_model_set_info{version=…} 1}). On Lambda,
 * where nothing scrapes, each answer's counts also go to stdout as one CloudWatch Embedded Metric
 * Format line ({@code coherent.metrics.emf}); the Terraform alarms watch them. Thread-safe.
 */
@ApplicationScoped
public class CoherentMetrics {
    /** What one answer imputed; its metrics are these counts. */
    public record Answer(
            long patients,
            long outOfDistribution,
            long imputedModalities,
            long draws,
            long rejectedDraws,
            long divergedDraws) {
        public static final Answer NONE = new Answer(0, 0, 0, 0, 0, 0);

        /** One imputed patient's counts. */
        public static Answer of(PatientImputation p) {
            Answer a = patient(p.ood());
            for (ImputedModality v : p.imputed().values()) {
                a = a.plus(new Answer(0, 0, 1, v.draws(), v.rejected(), v.diverged()));
            }
            return a;
        }

        /** One patient's counts, imputed in raw features. */
        public static Answer of(RawPatientImputation p) {
            Answer a = patient(p.ood());
            for (RawImputedModality v : p.imputed().values()) {
                a = a.plus(new Answer(0, 0, 1, v.draws(), v.rejected(), v.diverged()));
            }
            return a;
        }

        private static Answer patient(OutOfDistribution ood) {
            return new Answer(1, ood != null && ood.flagged() ? 1 : 0, 0, 0, 0, 0);
        }

        public Answer plus(Answer o) {
            return new Answer(
                    patients + o.patients,
                    outOfDistribution + o.outOfDistribution,
                    imputedModalities + o.imputedModalities,
                    draws + o.draws,
                    rejectedDraws + o.rejectedDraws,
                    divergedDraws + o.divergedDraws);
        }

        /** Metric names as CloudWatch gets them (Prometheus adds {@code _total} to the counters) and values. */
        Map<String, Long> counts() {
            Map<String, Long> out = new LinkedHashMap<>();
            out.put("coherent_patients", patients);
            out.put("coherent_ood_flagged", outOfDistribution);
            out.put("coherent_imputed_modalities", imputedModalities);
            out.put("coherent_draws", draws);
            out.put("coherent_rejected_draws", rejectedDraws);
            out.put("coherent_diverged_draws", divergedDraws);
            return out;
        }
    }

    private final MeterRegistry registry;
    private final String function;
    private final boolean emf;
    private final String namespace;
    private final PrintStream out;
    private final DistributionSummary batchRequests;
    private final DistributionSummary batchRows;
    private final Timer batchWait;
    private volatile String modelSetVersion;
    private Gauge modelSetGauge;

    @Inject
    public CoherentMetrics(MeterRegistry registry, FunctionConfig config) {
        this(
                registry,
                config.functionName(),
                config.metrics().emf().orElse(System.getenv("AWS_LAMBDA_FUNCTION_NAME") != null),
                config.metrics().emfNamespace(),
                System.out);
    }

    CoherentMetrics(MeterRegistry registry, String function, boolean emf, String namespace, PrintStream out) {
        this.registry = registry;
        this.function = function;
        this.emf = emf;
        this.namespace = namespace;
        this.out = out;
        this.batchRequests = DistributionSummary.builder("coherent.batch.requests")
                .description("Requests merged into one micro-batch")
                .tag("function", function)
                .publishPercentileHistogram()
                .register(registry);
        this.batchRows = DistributionSummary.builder("coherent.batch.rows")
                .description("Rows (patients × draws) of one micro-batch")
                .tag("function", function)
                .publishPercentileHistogram()
                .register(registry);
        this.batchWait = Timer.builder("coherent.batch.wait")
                .description("How long a micro-batch waited to fill")
                .tag("function", function)
                .publishPercentileHistogram()
                .register(registry);
    }

    /** Counts one answer (an HTTP response, an inference call or an uploaded file). */
    public void answered(String route, Answer answer) {
        answer.counts().forEach((name, value) -> Counter.builder(name.replace('_', '.'))
                .tags("function", function, "route", route)
                .register(registry)
                .increment(value));
        if (emf) {
            Map<String, String> properties = new LinkedHashMap<>();
            properties.put("route", route);
            if (modelSetVersion != null) {
                properties.put("model_set_version", modelSetVersion);
            }
            out.println(EmbeddedMetricFormat.line(
                    namespace, System.currentTimeMillis(), Map.of("function", function), answer.counts(), properties));
        }
    }

    /** One micro-batch that ran {@code requests} requests of {@code rows} rows together after waiting. */
    public void batch(int requests, int rows, Duration waited) {
        batchRequests.record(requests);
        batchRows.record(rows);
        batchWait.record(waited);
    }

    /** The model set now served: {@code coherent_model_set_info{version}} is 1 for it alone. */
    public synchronized void servingModelSet(String version) {
        if (version.equals(modelSetVersion)) {
            return;
        }
        if (modelSetGauge != null) {
            registry.remove(modelSetGauge);
        }
        modelSetVersion = version;
        modelSetGauge = Gauge.builder("coherent.model.set.info", () -> 1)
                .description("The model set served")
                .tags("function", function, "version", version)
                .register(registry);
    }
}
