package dev.coherent.functions.imputation;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Alive while the process answers: a model set that cannot be loaded makes the function not
 * ready, not dead, so that an orchestrator does not restart it in a loop over a bad set.
 */
@Liveness
@ApplicationScoped
public class ImputationLivenessHealthCheck implements HealthCheck {
    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.up("imputation");
    }
}
