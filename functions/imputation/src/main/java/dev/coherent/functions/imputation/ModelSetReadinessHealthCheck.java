package dev.coherent.functions.imputation;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the model set has been loaded, verified (every sha256) and warmed up; DOWN while it
 * loads and when loading or verification failed, with the reason as data.
 */
@Readiness
@ApplicationScoped
public class ModelSetReadinessHealthCheck implements HealthCheck {
    static final String NAME = "model-set";

    private final ImputationService service;

    public ModelSetReadinessHealthCheck(ImputationService service) {
        this.service = service;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            return describe(service.status());
        } catch (RuntimeException e) {
            return HealthCheckResponse.named(NAME).down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }

    static HealthCheckResponse describe(ImputationService.Status s) {
        HealthCheckResponseBuilder b = HealthCheckResponse.named(NAME)
                .status(s.state() == ImputationService.State.READY)
                .withData("state", s.state().name().toLowerCase(java.util.Locale.ROOT))
                .withData("uri", s.uri())
                .withData("detail", String.valueOf(s.detail()));
        if (s.version() != null) {
            b.withData("version", s.version());
        }
        if (s.sha256() != null) {
            b.withData("sha256", s.sha256());
        }
        if (s.loadTime() != null) {
            b.withData("load_seconds", String.format(java.util.Locale.ROOT, "%.2f", s.loadTime().toMillis() / 1000.0));
        }
        return b.build();
    }
}
