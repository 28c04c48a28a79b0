package dev.coherent.functions.common.problem;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.coherent.functions.common.request.VectorDeserializer;
import dev.coherent.modelset.InvalidQueryException;
import io.vertx.core.http.HttpClosedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure of a request into an {@code application/problem+json} answer: a stable
 * {@code type} URI, a title, the status, a detail naming the problem and the field, and the
 * request path. Never a Java class name or stack trace; request bodies are never logged, and only
 * unexpected failures (500) are logged at all.
 *
 * <p>It maps {@link ProblemException} (and subclasses), the engine's {@link InvalidQueryException}
 * (an invalid request), Jackson's read errors (with the JSON path of the field), HTTP errors (404,
 * 405, 406, 413, 415 …) and, as a last resort, any other {@link Exception} as a 500. A function
 * words the generic details with a {@link ProblemHints} bean; should it need to map an exception
 * type of its own, it does so in its own {@code *ProblemMapper}, never for a type mapped here.
 */
public class CommonProblemMapper {
    private static final Logger LOG = Logger.getLogger(CommonProblemMapper.class);

    private final ProblemResponses problems;
    private final ProblemHints hints;

    public CommonProblemMapper(ProblemResponses problems, ProblemHints hints) {
        this.problems = problems;
        this.hints = hints;
    }

    @ServerExceptionMapper
    public Response rejected(ProblemException e, UriInfo uri) {
        return problem(e.problem(), e.getMessage(), uri);
    }

    /** The engine's refusal of a query (unknown modality, label or method, wrong vector length…). */
    @ServerExceptionMapper
    public Response invalidQuery(InvalidQueryException e, UriInfo uri) {
        return problem(CommonProblemType.INVALID_REQUEST, e.getMessage(), uri);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
        ProblemException rejected = rejectedCause(e);
        return rejected != null ? rejected(rejected, uri) : jsonProblem(e, uri);
    }

    /** Also declared on its own: Quarkus ships a mapper for exactly this type, which would win. */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e, UriInfo uri) {
        return unreadableJson(e, uri);
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e, UriInfo uri) {
        ProblemException rejected = rejectedCause(e);
        if (rejected != null) {
            return rejected(rejected, uri);
        }
        if (e.getCause() instanceof JsonProcessingException j) {
            return jsonProblem(j, uri);
        }
        int status = e.getResponse().getStatus();
        String path = ProblemResponses.path(uri);
        return switch (status) {
            case 400 -> problem(CommonProblemType.INVALID_REQUEST, "the request cannot be read", uri);
            case 404 -> problem(CommonProblemType.NOT_FOUND, "nothing at " + path + "; see /q/openapi", uri);
            case 405 -> problem(CommonProblemType.METHOD_NOT_ALLOWED, "this method is not supported on " + path, uri);
            case 406 -> problem(CommonProblemType.NOT_ACCEPTABLE, "this resource answers application/json", uri);
            case 413 -> problem(CommonProblemType.PAYLOAD_TOO_LARGE, "the request body is too large", uri);
            case 415 ->
                problem(
                        CommonProblemType.UNSUPPORTED_MEDIA_TYPE,
                        "send the request as Content-Type: application/json",
                        uri);
            default -> {
                if (status >= 500) {
                    LOG.errorf(e, "request to %s failed", path);
                }
                Response.StatusType s = e.getResponse().getStatusInfo();
                yield problems.of(new ProblemResponse(
                        "about:blank",
                        s.getReasonPhrase(),
                        status,
                        status >= 500 ? "the request failed" : s.getReasonPhrase(),
                        path));
            }
        };
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        ProblemException rejected = rejectedCause(e);
        if (rejected != null) {
            return rejected(rejected, uri);
        }
        if (clientHungUp(e)) {
            // Nobody reads this answer; RequestBodyGuard logs the hang-up as one line.
            LOG.debugf("request to %s: the client closed the connection mid-body", ProblemResponses.path(uri));
            return problem(CommonProblemType.INVALID_REQUEST, "the client closed the connection", uri);
        }
        LOG.errorf(e, "request to %s failed", ProblemResponses.path(uri));
        return problem(CommonProblemType.INTERNAL_ERROR, "the request failed on the server; it has been logged", uri);
    }

    /** A read of the body that failed because the client closed the connection. */
    private static boolean clientHungUp(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HttpClosedException) {
                return true;
            }
        }
        return false;
    }

    /** A refusal wrapped by the JSON reader (e.g. the body size limit hit while reading), or null. */
    private static ProblemException rejectedCause(Throwable e) {
        for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof ProblemException r) {
                return r;
            }
        }
        return null;
    }

    private Response jsonProblem(JsonProcessingException e, UriInfo uri) {
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (e instanceof MismatchedInputException && original.startsWith("No content to map")) {
            return problem(
                    CommonProblemType.MALFORMED_JSON, "the request body is empty; send " + hints.expectedBody(), uri);
        }
        if (e instanceof VectorDeserializer.InvalidVectorException v) {
            return problem(CommonProblemType.INVALID_REQUEST, where(v) + ": " + original, uri);
        }
        if (e instanceof UnrecognizedPropertyException u) {
            String known = known(u.getKnownPropertyIds());
            List<JsonMappingException.Reference> path = u.getPath();
            String parent = path.size() > 1 ? where(path.subList(0, path.size() - 1)) : "the request";
            return problem(
                    CommonProblemType.INVALID_REQUEST,
                    parent + ": unknown field '" + u.getPropertyName() + "'"
                            + (known.isEmpty() ? "" : " (known fields: " + known + ")"),
                    uri);
        }
        if (e instanceof InvalidFormatException f && f.getValue() instanceof Number n && integral(f.getTargetType())) {
            // A float token for an integer field: refused as such, or as out of range when it is.
            boolean fits = Math.abs(n.doubleValue())
                    <= (f.getTargetType() == Long.class || f.getTargetType() == long.class
                            ? Long.MAX_VALUE
                            : Integer.MAX_VALUE);
            return problem(
                    CommonProblemType.INVALID_REQUEST,
                    where(f)
                            + (fits
                                    ? ": expected a whole number, without a fraction or exponent"
                                    : ": number out of range"),
                    uri);
        }
        if (e instanceof MismatchedInputException m) {
            String where = m.getPath().isEmpty() ? "the request body" : where(m);
            return problem(CommonProblemType.INVALID_REQUEST, where + ": expected " + kind(m.getTargetType()), uri);
        }
        if (e instanceof JsonMappingException m) {
            String where = m.getPath().isEmpty() ? null : where(m);
            if (m.getCause() instanceof StreamReadException s) {
                return readProblem(s, where, uri);
            }
            return problem(
                    CommonProblemType.INVALID_REQUEST,
                    (where == null ? "the request body" : where) + ": has the wrong shape",
                    uri);
        }
        if (e instanceof StreamReadException s) {
            return readProblem(s, null, uri);
        }
        return problem(CommonProblemType.MALFORMED_JSON, "not valid JSON" + at(e.getLocation()), uri);
    }

    /** A syntax error, or a number too large for its field. */
    private Response readProblem(StreamReadException e, String where, UriInfo uri) {
        if (e instanceof InputCoercionException) {
            return problem(
                    CommonProblemType.INVALID_REQUEST,
                    (where == null ? "a number" : where) + ": number out of range" + at(e.getLocation()),
                    uri);
        }
        // Jackson's message says what was expected; cut its notes about the (redacted) source.
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        String message = original.split("\n", 2)[0]
                .replaceAll(" \\(start marker at .*$", "")
                .replaceAll("\\[Source: .*$", "")
                .strip();
        return problem(CommonProblemType.MALFORMED_JSON, "not valid JSON: " + message + at(e.getLocation()), uri);
    }

    private static String where(JsonMappingException e) {
        return where(e.getPath());
    }

    /** A JSON path such as {@code patients[0].modalities.rnaseq}. */
    private static String where(List<JsonMappingException.Reference> path) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : path) {
            if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            } else if (r.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            }
        }
        return sb.isEmpty() ? "the request body" : sb.toString();
    }

    private static String at(JsonLocation location) {
        return location == null || location.getLineNr() < 1
                ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static String known(Collection<Object> ids) {
        return ids == null ? "" : ids.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
    }

    private static boolean integral(Class<?> type) {
        return type == Integer.class
                || type == int.class
                || type == Long.class
                || type == long.class
                || type == Short.class
                || type == short.class;
    }

    /** The JSON kind a Java target type is read from, for messages without Java names. */
    private static String kind(Class<?> type) {
        if (type == null) {
            return "another kind of value";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (Number.class.isAssignableFrom(type)
                || type == int.class
                || type == long.class
                || type == double.class
                || type == float.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        return "another kind of value";
    }

    private Response problem(ProblemType type, String detail, UriInfo uri) {
        return problems.of(type, detail, uri);
    }
}
