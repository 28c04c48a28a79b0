package dev.coherent.functions.imputation;

import dev.coherent.functions.common.problem.ProblemResponse;
import dev.coherent.functions.common.problem.ProblemType;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** {@code GET /v1/models}: the served model set, its modalities, methods and validation scores. */
@Path("/v1/models")
public class ModelsResource {
    private final ModelsDescription service;

    public ModelsResource(ModelsDescription service) {
        this.service = service;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Describe the served model set")
    @APIResponse(
            responseCode = "200",
            description = "Version, modalities and dimensions, methods per target,"
                    + " validation scores, defaults and limits.")
    @APIResponse(
            responseCode = "503",
            description = "The model set is not loaded.",
            content =
                    @Content(
                            mediaType = ProblemType.MEDIA_TYPE,
                            schema = @Schema(implementation = ProblemResponse.class)))
    public ModelsResponse models() {
        return service.describe();
    }
}
