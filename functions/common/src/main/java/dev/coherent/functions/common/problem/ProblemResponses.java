package dev.coherent.functions.common.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coherent.functions.common.request.RequestBodyGuard;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;

/**
 * Builds the error answers: {@code application/problem+json}, except on the Open Inference
 * Protocol's paths ({@code /v2/…}), where that protocol's {@code {"error": detail}} object is the
 * answer, with the same status. Every exception mapper, the function's own included, and
 * {@link RequestBodyGuard} answer through it.
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
        Body body = body(json, p);
        return Response.status(p.status())
                .type(body.mediaType())
                .entity(body.text())
                .build();
    }

    /** An error answer's media type and text. */
    public record Body(String mediaType, String text) {}

    /** The answer to {@code p}: a problem document, or {@code {"error": …}} on an inference protocol path. */
    public static Body body(ObjectMapper json, ProblemResponse p) {
        boolean protocol = p.instance() != null
                && (p.instance().equals("/v2") || p.instance().startsWith("/v2/"));
        try {
            return protocol
                    ? new Body(MediaType.APPLICATION_JSON, json.writeValueAsString(Map.of("error", p.detail())))
                    : new Body(ProblemType.MEDIA_TYPE, json.writeValueAsString(p));
        } catch (JsonProcessingException e) {
            return new Body(ProblemType.MEDIA_TYPE, "{\"type\":\"" + p.type() + "\",\"status\":" + p.status() + "}");
        }
    }

    /** The request path, for {@code instance}: {@code /v1/impute}. */
    public static String path(UriInfo uri) {
        return uri == null ? "" : "/" + uri.getPath().replaceAll("^/+", "");
    }
}
