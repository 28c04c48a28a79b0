package dev.coherent.functions.prioritization;

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

/** {@code POST /v1/prioritize}: ranks which missing modalities of which patients are worth measuring first. */
@Path("/v1/prioritize")
public class PrioritizeResource {
    private final PrioritizationService service;

    public PrioritizeResource(PrioritizationService service) {
        this.service = service;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Rank candidate measurements",
            description = "For each patient and missing candidate modality, draws the modality from the observed ones,"
                    + " classifies every completion and scores how likely measuring it changes the prediction. Values"
                    + " are in the units of the uploaded data; a seed makes the answer reproducible. With a budget, the"
                    + " measurements to buy are chosen greedily by score per unit cost.")
    @APIResponse(
            responseCode = "200",
            description =
                    "The ranked (patient, modality) pairs, and the selection under the budget when one was given.")
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
            description = "A patient without any observed modality.",
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
    public PrioritizeResponse prioritize(PrioritizeRequest request) {
        return service.prioritize(request);
    }
}
