package dev.coherent.functions.audit;

import dev.coherent.functions.common.problem.CommonProblemType;
import dev.coherent.functions.common.problem.ProblemException;
import dev.coherent.functions.common.problem.ProblemResponse;
import dev.coherent.functions.common.problem.ProblemType;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** {@code POST /v1/audits} starts a privacy audit of the served model set; {@code GET /v1/audits/{id}} follows it. */
@Path("/v1/audits")
public class AuditResource {
    private final AuditJobs jobs;

    public AuditResource(AuditJobs jobs) {
        this.jobs = jobs;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Start a privacy audit of the served model set",
            description = "Unconditional generation against training records (k-NN precision/recall/F1, energy"
                    + " distance, DCR), membership inference and the record-level imputation gap, per method and"
                    + " target, with a verdict. Runs in the background: follow the returned link.")
    @APIResponse(responseCode = "202", description = "Queued; GET the self link for its status and result.")
    @APIResponse(
            responseCode = "400",
            description = "Malformed JSON or an invalid request (the detail names the field).",
            content =
                    @Content(
                            mediaType = ProblemType.MEDIA_TYPE,
                            schema = @Schema(implementation = ProblemResponse.class)))
    @APIResponse(
            responseCode = "409",
            description = "The audit reference is missing, or another model set version is served.",
            content =
                    @Content(
                            mediaType = ProblemType.MEDIA_TYPE,
                            schema = @Schema(implementation = ProblemResponse.class)))
    @APIResponse(
            responseCode = "429",
            description = "Too many audits running and waiting.",
            content =
                    @Content(
                            mediaType = ProblemType.MEDIA_TYPE,
                            schema = @Schema(implementation = ProblemResponse.class)))
    @APIResponse(
            responseCode = "503",
            description = "The model set is not loaded, or the store cannot be reached.",
            content =
                    @Content(
                            mediaType = ProblemType.MEDIA_TYPE,
                            schema = @Schema(implementation = ProblemResponse.class)))
    public Response start(AuditRequest request) {
        AuditStatus status = jobs.submit(request);
        return Response.accepted(status)
                .location(URI.create(status.links().get("self")))
                .build();
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Status of an audit, and its result once it has succeeded")
    @APIResponse(
            responseCode = "200",
            description = "queued, running, succeeded (with verdict, report URIs and"
                    + " result) or failed (with the reason).")
    @APIResponse(
            responseCode = "404",
            description = "No audit with this id.",
            content =
                    @Content(
                            mediaType = ProblemType.MEDIA_TYPE,
                            schema = @Schema(implementation = ProblemResponse.class)))
    public AuditStatus status(@PathParam("id") String id) {
        return jobs.get(id)
                .orElseThrow(() -> new ProblemException(
                        CommonProblemType.NOT_FOUND,
                        "no audit with id '" + id + "'; ids come from POST /v1/audits, and only the last finished"
                                + " audits are kept (their reports stay in the store)"));
    }
}
