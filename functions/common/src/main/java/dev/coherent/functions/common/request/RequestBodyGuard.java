package dev.coherent.functions.common.request;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coherent.functions.common.config.FunctionConfig;
import dev.coherent.functions.common.problem.CommonProblemType;
import dev.coherent.functions.common.problem.ProblemHints;
import dev.coherent.functions.common.problem.ProblemResponse;
import dev.coherent.functions.common.problem.ProblemResponses;
import dev.coherent.functions.common.problem.ProblemType;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.impl.RoutingContextInternal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Receives request bodies on the event loop, ahead of every other route (Quarkus' own body limit
 * included), so that misbehaving clients get problem documents and never hold a worker thread.
 *
 * <ul>
 *   <li>A declared {@code Content-Length} above {@code coherent.limits.max-body-size} is answered
 *       413 at once, at any size (Vert.x answered sizes above {@code quarkus.http.limits.max-body-size}
 *       with an empty 413); a chunked body is refused as soon as it passes the limit.</li>
 *   <li>At most {@code coherent.limits.max-body-reads} bodies are received at once; one more is
 *       answered 503 with {@code Retry-After}, which bounds the memory idle connections can hold.</li>
 *   <li>A body not complete within {@code coherent.limits.body-read-timeout} is answered 408 and its
 *       connection closed, however steadily it trickles in (an idle timeout would never fire).</li>
 *   <li>A client that hangs up mid-body is one INFO line, without the body or a stack trace.</li>
 * </ul>
 *
 * <p>The complete body is put in the routing context, where the REST layer reads it for blocking
 * resource methods (the default for methods that do not return a reactive type). A non-blocking
 * method with a body would find it already consumed: the functions have none.
 */
@ApplicationScoped
public class RequestBodyGuard {
    private static final Logger LOG = Logger.getLogger(RequestBodyGuard.class);
    /** Ahead of Quarkus' own body limit (order -2) and every other route. */
    static final int ORDER = -100;

    private final FunctionConfig config;
    private final ProblemHints hints;
    private final ObjectMapper json;
    private final AtomicInteger reading = new AtomicInteger();

    public RequestBodyGuard(FunctionConfig config, ProblemHints hints, ObjectMapper json) {
        this.config = config;
        this.hints = hints;
        this.json = json;
    }

    void install(@Observes Router router, Vertx vertx) {
        router.route().order(ORDER).handler(ctx -> guard(ctx, vertx));
    }

    private void guard(RoutingContext ctx, Vertx vertx) {
        HttpServerRequest request = ctx.request();
        long declared = declaredLength(request);
        long max = config.limits().maxBodySize().asLongValue();
        if (declared > max) {
            refuse(
                    ctx,
                    CommonProblemType.PAYLOAD_TOO_LARGE,
                    "the request body has " + declared + " bytes; the limit is " + max + " bytes: "
                            + hints.smallerBody());
            return;
        }
        // HTTP/2 and chunked bodies declare no length: whatever has not ended yet is read.
        if (request.method() == HttpMethod.GET
                || request.method() == HttpMethod.HEAD
                || declared == 0
                || request.isEnded()) {
            ctx.next();
            return;
        }
        if (reading.incrementAndGet() > config.limits().maxBodyReads()) {
            reading.decrementAndGet();
            ctx.response().putHeader("Retry-After", "1");
            refuse(ctx, CommonProblemType.BUSY, "too many request bodies are being received at once; retry shortly");
            return;
        }
        new BodyRead(ctx, vertx, max).start();
    }

    /**
     * Receives one body on the event loop into the routing context, where the REST layer reads it:
     * a blocking resource method (the default) gets it as a byte stream on its worker thread, which
     * then never waits for the client.
     */
    private final class BodyRead {
        private final RoutingContext ctx;
        private final HttpServerRequest request;
        private final Vertx vertx;
        private final long max;
        private final Buffer body = Buffer.buffer();
        private long timer;
        private boolean finished;

        BodyRead(RoutingContext ctx, Vertx vertx, long max) {
            this.ctx = ctx;
            this.request = ctx.request();
            this.vertx = vertx;
            this.max = max;
        }

        void start() {
            long timeout = config.limits().bodyReadTimeout().toMillis();
            timer = vertx.setTimer(timeout, id -> {
                if (finish()) {
                    refuse(
                            ctx,
                            CommonProblemType.REQUEST_TIMEOUT,
                            "the request body was not complete within " + timeout / 1000
                                    + " s; send the whole body at once");
                }
            });
            request.handler(chunk -> {
                if (finished) {
                    return;
                }
                if (body.length() + chunk.length() > max) {
                    // Chunked: no declared length to refuse up front.
                    finish();
                    refuse(
                            ctx,
                            CommonProblemType.PAYLOAD_TOO_LARGE,
                            "the request body has more than " + max + " bytes; the limit is " + max + " bytes: "
                                    + hints.smallerBody());
                    return;
                }
                body.appendBuffer(chunk);
            });
            request.endHandler(v -> {
                if (finish()) {
                    ((RoutingContextInternal) ctx).setBody(body);
                    ctx.next();
                }
            });
            request.exceptionHandler(e -> {
                if (finish()) {
                    // Usually the client hung up mid-body: one line, never the body or a stack trace.
                    LOG.infof(
                            "%s %s: the client closed the connection before sending its whole body (%s)",
                            request.method(), request.path(), e.getClass().getSimpleName());
                }
            });
            request.resume();
        }

        /** Ends the read once: stops the timer and frees the slot; false when it had ended already. */
        private boolean finish() {
            if (finished) {
                return false;
            }
            finished = true;
            vertx.cancelTimer(timer);
            reading.decrementAndGet();
            return true;
        }
    }

    /** The declared length, or -1 when absent or not a number (Vert.x answers the latter). */
    private static long declaredLength(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Answers a problem and, on HTTP/1, closes the connection: the rest of the body is never read. */
    private void refuse(RoutingContext ctx, ProblemType type, String detail) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            return;
        }
        ProblemResponses.Body body = ProblemResponses.body(
                json, ProblemResponse.of(type, detail, ctx.request().path()));
        response.setStatusCode(type.status()).putHeader(HttpHeaders.CONTENT_TYPE, body.mediaType());
        if (ctx.request().version() == HttpVersion.HTTP_2) {
            // One stream of a shared connection: ending it is enough, and HTTP/2 has no Connection header.
            response.end(body.text());
            return;
        }
        response.putHeader(HttpHeaders.CONNECTION, "close")
                .end(body.text())
                .onComplete(ar -> ctx.request().connection().close());
    }
}
