package dev.coherent.functions.common.protocol;

import dev.coherent.functions.common.config.FunctionConfig;
import dev.coherent.functions.common.health.FunctionLivenessHealthCheck;
import dev.coherent.functions.common.modelset.ModelSetService;
import dev.coherent.functions.common.modelset.ModelSetStatus;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * The server part of the Open Inference Protocol (V2) REST API, the same in every function: server
 * metadata ({@code GET /v2}) and health ({@code GET /v2/health/live}, {@code /v2/health/ready}),
 * true as 200 and false as 400, as the protocol says. Live and ready mean what
 * {@code /q/health/live} and {@code /q/health/ready} mean. A function adds its models'
 * metadata and inference in a resource of its own.
 */
@Path("/v2")
@Produces(MediaType.APPLICATION_JSON)
public class InferenceProtocolServerResource {
    private final FunctionConfig config;
    private final ModelSetService models;
    private final FunctionLivenessHealthCheck liveness;
    private final String version;

    public InferenceProtocolServerResource(
            FunctionConfig config,
            ModelSetService models,
            @Liveness FunctionLivenessHealthCheck liveness,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown") String version) {
        this.config = config;
        this.models = models;
        this.liveness = liveness;
        this.version = version;
    }

    /** Server metadata: the function's name and version; no protocol extensions. */
    @GET
    public Map<String, Object> server() {
        return Map.of("name", config.functionName(), "version", version, "extensions", List.of());
    }

    @GET
    @Path("/health/live")
    public Response live() {
        return health("live", liveness.call().getStatus() == HealthCheckResponse.Status.UP);
    }

    @GET
    @Path("/health/ready")
    public Response ready() {
        return health("ready", models.status().state() == ModelSetStatus.State.READY);
    }

    private static Response health(String field, boolean value) {
        return Response.status(value ? 200 : 400)
                .type(MediaType.APPLICATION_JSON)
                .entity(Map.of(field, value))
                .build();
    }
}
