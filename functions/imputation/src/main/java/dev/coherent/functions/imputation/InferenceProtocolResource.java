package dev.coherent.functions.imputation;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The imputation model over the Open Inference Protocol (V2) REST API: metadata, readiness and
 * inference of the model {@code imputation}, with or without its version (the model set's). Server
 * metadata and health come from functions-common; errors are {@code {"error": "…"}}.
 */
@Path("/v2/models/{name}")
@Produces(MediaType.APPLICATION_JSON)
public class InferenceProtocolResource {
    private final InferenceProtocolService service;

    public InferenceProtocolResource(InferenceProtocolService service) {
        this.service = service;
    }

    @GET
    public InferenceProtocol.ModelMetadata metadata(@PathParam("name") String name) {
        return service.metadata(name, null);
    }

    @GET
    @Path("/versions/{version}")
    public InferenceProtocol.ModelMetadata metadata(
            @PathParam("name") String name, @PathParam("version") String version) {
        return service.metadata(name, version);
    }

    @GET
    @Path("/ready")
    public Response ready(@PathParam("name") String name) {
        return service.ready(name, null);
    }

    @GET
    @Path("/versions/{version}/ready")
    public Response ready(@PathParam("name") String name, @PathParam("version") String version) {
        return service.ready(name, version);
    }

    /** The body is read here, not by the JSON layer, so that malformed JSON is a protocol error too. */
    @POST
    @Path("/infer")
    @Consumes(MediaType.APPLICATION_JSON)
    public InferenceProtocol.InferenceResponse infer(@PathParam("name") String name, String body) {
        return service.infer(name, null, body);
    }

    @POST
    @Path("/versions/{version}/infer")
    @Consumes(MediaType.APPLICATION_JSON)
    public InferenceProtocol.InferenceResponse infer(
            @PathParam("name") String name, @PathParam("version") String version, String body) {
        return service.infer(name, version, body);
    }
}
