package dev.coherent.functions.common.protocol;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Answers a refused Open Inference Protocol request with {@code {"error": "…"}}, as the protocol says. */
public class InferenceProtocolErrorMapper {

    @ServerExceptionMapper
    public Response refused(InferenceProtocolException e) {
        return Response.status(e.status())
                .type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", e.getMessage()))
                .build();
    }
}
