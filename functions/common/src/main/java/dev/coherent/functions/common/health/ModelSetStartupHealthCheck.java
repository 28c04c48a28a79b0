package dev.coherent.functions.common.health;

import dev.coherent.functions.common.modelset.ModelSetService;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/** Started once the warm-up has run; DOWN before, and after a failed load (same data as readiness). */
@Startup
@ApplicationScoped
public class ModelSetStartupHealthCheck implements HealthCheck {
    private final ModelSetService models;

    public ModelSetStartupHealthCheck(ModelSetService models) {
        this.models = models;
    }

    @Override
    public HealthCheckResponse call() {
        return ModelSetReadinessHealthCheck.report(models);
    }
}
