package dev.coherent.functions.common.health;

import dev.coherent.functions.common.modelset.ModelSetService;
import dev.coherent.functions.common.modelset.ModelSetStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
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
    /** The check's name in {@code /q/health} answers. */
    public static final String NAME = "model-set";

    private final ModelSetService models;

    public ModelSetReadinessHealthCheck(ModelSetService models) {
        this.models = models;
    }

    @Override
    public HealthCheckResponse call() {
        return report(models);
    }

    /** The check for the service's current status; DOWN with the error when reading it fails. */
    static HealthCheckResponse report(ModelSetService models) {
        try {
            return describe(models.status());
        } catch (RuntimeException e) {
            return HealthCheckResponse.named(NAME)
                    .down()
                    .withData("error", String.valueOf(e.getMessage()))
                    .build();
        }
    }

    /** UP only when READY; data: state, uri, detail, and version, sha256 and load_seconds when known. */
    public static HealthCheckResponse describe(ModelSetStatus s) {
        HealthCheckResponseBuilder b = HealthCheckResponse.named(NAME)
                .status(s.state() == ModelSetStatus.State.READY)
                .withData("state", s.state().name().toLowerCase(Locale.ROOT))
                .withData("uri", s.uri())
                .withData("detail", String.valueOf(s.detail()));
        if (s.version() != null) {
            b.withData("version", s.version());
        }
        if (s.sha256() != null) {
            b.withData("sha256", s.sha256());
        }
        if (s.loadTime() != null) {
            b.withData(
                    "load_seconds",
                    String.format(Locale.ROOT, "%.2f", s.loadTime().toMillis() / 1000.0));
        }
        return b.build();
    }
}
