package dev.coherent.functions.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * Builds {@code application/problem+json} answers; every exception mapper, the function's own
 * included, answers through it.
 */
@Singleton
public class ProblemResponses {
    private final ObjectMapper json;

    public ProblemResponses(ObjectMapper json) {
        this.json = json;
    }

    /** The problem for the request at {@code uri}, with {@code detail} naming the problem and where. */
    public Response of(ProblemType type, String detail, UriInfo uri) {
        return of(ProblemResponse.of(type, detail, path(uri)));
    }

    public Response of(ProblemResponse p) {
        String body;
        try {
            body = json.writeValueAsString(p);
        } catch (JsonProcessingException e) {
            body = "{\"type\":\"" + p.type() + "\",\"status\":" + p.status() + "}";
        }
        return Response.status(p.status()).type(ProblemType.MEDIA_TYPE).entity(body).build();
    }

    /** The request path, for {@code instance}: {@code /v1/impute}. */
    public static String path(UriInfo uri) {
        return uri == null ? "" : "/" + uri.getPath().replaceAll("^/+", "");
    }
}
