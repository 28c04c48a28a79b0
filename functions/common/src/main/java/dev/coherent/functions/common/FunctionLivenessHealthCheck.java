package dev.coherent.functions.common;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Alive while the process answers, named {@code coherent.function-name}: a model set that cannot
 * be loaded makes the function not ready, not dead, so that an orchestrator does not restart it
 * in a loop over a bad set.
 */
@Liveness
@ApplicationScoped
public class FunctionLivenessHealthCheck implements HealthCheck {
    private final FunctionConfig config;

    public FunctionLivenessHealthCheck(FunctionConfig config) {
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.up(config.functionName());
    }
}
