package dev.coherent.functions.imputation;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/** Started once the warm-up imputation has run; DOWN before, and after a failed load. */
@Startup
@ApplicationScoped
public class ModelSetStartupHealthCheck implements HealthCheck {
    private final ImputationService service;

    public ModelSetStartupHealthCheck(ImputationService service) {
        this.service = service;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            return ModelSetReadinessHealthCheck.describe(service.status());
        } catch (RuntimeException e) {
            return HealthCheckResponse.named(ModelSetReadinessHealthCheck.NAME).down()
                    .withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
