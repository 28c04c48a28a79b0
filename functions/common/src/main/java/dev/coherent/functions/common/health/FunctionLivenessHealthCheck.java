package dev.coherent.functions.common.health;

import dev.coherent.functions.common.config.FunctionConfig;
import dev.coherent.functions.common.modelset.ModelSetService;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Alive while the process answers and has had a servable model set within
 * {@code coherent.models.live-without-set}, named {@code coherent.function-name}.
 *
 * <p>A set that fails to load makes the function not ready at first (it is retried with backoff,
 * see {@link ModelSetService}); only when it has gone that long without one does liveness fail, so
 * that an orchestrator replaces an instance that will not recover, without restarting it in a
 * tight loop over a bad set.
 */
@Liveness
@ApplicationScoped
public class FunctionLivenessHealthCheck implements HealthCheck {
    private final FunctionConfig config;
    private final ModelSetService models;

    public FunctionLivenessHealthCheck(FunctionConfig config, ModelSetService models) {
        this.config = config;
        this.models = models;
    }

    @Override
    public HealthCheckResponse call() {
        Duration without = models.withoutSet();
        Duration limit = config.models().liveWithoutSet();
        if (without.compareTo(limit) <= 0) {
            return HealthCheckResponse.up(config.functionName());
        }
        return HealthCheckResponse.named(config.functionName())
                .down()
                .withData(
                        "detail",
                        "no servable model set for " + without.toSeconds() + " s (limit " + limit.toSeconds()
                                + " s, coherent.models.live-without-set): "
                                + models.status().detail())
                .build();
    }
}
