package dev.coherent.functions.imputation;

import dev.coherent.functions.common.problem.ProblemResponse;
import dev.coherent.functions.common.problem.ProblemType;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** {@code POST /v1/impute}: imputes the missing modalities of a batch of patients. */
@Path("/v1/impute")
public class ImputeResource {
    private final ImputationService service;

    public ImputeResource(ImputationService service) {
        this.service = service;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Impute missing modalities",
            description = "Values in and out are in the units of the uploaded data. Patients with different gaps are"
                    + " batched by gap pattern; a seed makes the answer reproducible.")
    @APIResponse(responseCode = "200", description = "The imputed modalities of every patient, in request order.")
    @APIResponse(
            responseCode = "400",
            description = "Malformed JSON or an invalid request (the detail names the patient and field).",
            content =
                    @Content(
                            mediaType = ProblemType.MEDIA_TYPE,
                            schema = @Schema(implementation = ProblemResponse.class)))
    @APIResponse(
            responseCode = "413",
            description = "Too many patients or too large a body.",
            content =
                    @Content(
                            mediaType = ProblemType.MEDIA_TYPE,
                            schema = @Schema(implementation = ProblemResponse.class)))
    @APIResponse(
            responseCode = "422",
            description = "A patient without any observed modality (privacy gate).",
            content =
                    @Content(
                            mediaType = ProblemType.MEDIA_TYPE,
                            schema = @Schema(implementation = ProblemResponse.class)))
    @APIResponse(
            responseCode = "503",
            description = "The model set is not loaded.",
            content =
                    @Content(
                            mediaType = ProblemType.MEDIA_TYPE,
                            schema = @Schema(implementation = ProblemResponse.class)))
    public ImputeResponse impute(ImputeRequest request) {
        return service.impute(request);
    }
}
