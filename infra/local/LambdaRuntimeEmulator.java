import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local stand-in for the AWS Lambda service in front of one function: it speaks the Lambda
 * Runtime API (2018-06-01) to the function process and offers the same invoke endpoint as AWS's
 * Runtime Interface Emulator, so an event posted here reaches the function's Lambda handler
 * exactly as in AWS.
 *
 * <p>Run it with the JDK alone (single-file source launch, no dependencies):
 * {@code java infra/local/LambdaRuntimeEmulator.java --port 9001 --function imputation}, then start
 * the Quarkus function with {@code AWS_LAMBDA_RUNTIME_API=localhost:9001}: its Lambda poll loop
 * (the one Quarkus runs inside a Lambda custom runtime) fetches events from here and dispatches
 * them to the bean named by {@code quarkus.lambda.handler}.
 *
 * <ul>
 *   <li>{@code POST /2015-03-31/functions/function/invocations}: a synchronous invocation, as with
 *       the RIE and the Lambda Invoke API. Answers 200 with the handler's result; a handler error
 *       answers 200 with the error document and {@code X-Amz-Function-Error: Unhandled}; no answer
 *       within the timeout gives 504.</li>
 *   <li>{@code GET /2018-06-01/runtime/invocation/next}, {@code POST .../invocation/{id}/response},
 *       {@code POST .../invocation/{id}/error}, {@code POST .../init/error}: the Runtime API the
 *       function polls.</li>
 *   <li>{@code GET /status}: {@code {"function":…,"pollers":n,"invocations":n,"errors":n,"init_error":…}},
 *       so scripts can wait until the function is polling.</li>
 * </ul>
 *
 * <p>One invocation at a time is handed to each poller, as Lambda does per execution environment.
 */
public final class LambdaRuntimeEmulator {
    private static final String RUNTIME = "/2018-06-01/runtime";
    private static final String INVOKE = "/2015-03-31/functions/function/invocations";

    private record Invocation(String id, byte[] event, long deadlineMs, CompletableFuture<Result> result) {}

    private record Result(boolean error, byte[] body) {}

    private final String function;
    private final long timeoutMs;
    private final BlockingQueue<Invocation> queue = new LinkedBlockingQueue<>();
    private final Map<String, Invocation> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger pollers = new AtomicInteger();
    private final AtomicLong invocations = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private volatile String initError;

    private LambdaRuntimeEmulator(String function, long timeoutMs) {
        this.function = function;
        this.timeoutMs = timeoutMs;
    }

    public static void main(String[] args) throws IOException {
        int port = 9001;
        String function = "function";
        long timeoutSeconds = 900;
        String host = "127.0.0.1";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--function" -> function = args[++i];
                case "--timeout" -> timeoutSeconds = Long.parseLong(args[++i]);
                case "--host" -> host = args[++i];
                default -> {
                    System.err.println("usage: LambdaRuntimeEmulator [--port N] [--function NAME] [--timeout SECONDS] [--host ADDR]");
                    System.exit(2);
                }
            }
        }
        LambdaRuntimeEmulator emulator = new LambdaRuntimeEmulator(function, timeoutSeconds * 1000);
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 64);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", emulator::handle);
        server.start();
        log("Lambda runtime emulator for '" + function + "' on http://" + host + ":" + port
                + " (AWS_LAMBDA_RUNTIME_API=" + host + ":" + port + ")");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            if ("POST".equals(method) && (INVOKE.equals(path) || "/".equals(path))) {
                invoke(exchange);
            } else if ("GET".equals(method) && (RUNTIME + "/invocation/next").equals(path)) {
                next(exchange);
            } else if ("POST".equals(method) && path.startsWith(RUNTIME + "/invocation/")) {
                complete(exchange, path.substring((RUNTIME + "/invocation/").length()));
            } else if ("POST".equals(method) && (RUNTIME + "/init/error").equals(path)) {
                initError = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                log("init error: " + initError);
                send(exchange, 202, "{\"status\":\"OK\"}");
            } else if ("GET".equals(method) && "/status".equals(path)) {
                send(exchange, 200, String.format("{\"function\":\"%s\",\"pollers\":%d,\"invocations\":%d,\"errors\":%d,"
                        + "\"init_error\":%s}", function, pollers.get(), invocations.get(), errors.get(),
                        initError == null ? "null" : quote(initError)));
            } else {
                send(exchange, 404, "{\"errorMessage\":\"no route for " + method + " " + path + "\"}");
            }
        }
    }

    /** A synchronous invocation: queue the event, wait for the function's answer. */
    private void invoke(HttpExchange exchange) throws IOException {
        byte[] event = exchange.getRequestBody().readAllBytes();
        Invocation inv = new Invocation(UUID.randomUUID().toString(), event,
                System.currentTimeMillis() + timeoutMs, new CompletableFuture<>());
        invocations.incrementAndGet();
        log("invoke " + inv.id() + " (" + event.length + " bytes)");
        queue.add(inv);
        try {
            Result r = inv.result().get(timeoutMs + 5000, TimeUnit.MILLISECONDS);
            if (r.error()) {
                errors.incrementAndGet();
                exchange.getResponseHeaders().add("X-Amz-Function-Error", "Unhandled");
            }
            exchange.getResponseHeaders().add("X-Amz-Request-Id", inv.id());
            send(exchange, 200, r.body());
        } catch (TimeoutException e) {
            queue.remove(inv);
            inFlight.remove(inv.id());
            errors.incrementAndGet();
            send(exchange, 504, "{\"errorType\":\"Timeout\",\"errorMessage\":\"no answer within " + timeoutMs / 1000 + " s\"}");
        } catch (Exception e) {
            send(exchange, 500, "{\"errorType\":\"EmulatorError\",\"errorMessage\":" + quote(String.valueOf(e)) + "}");
        }
    }

    /** The function's long poll for its next event. */
    private void next(HttpExchange exchange) throws IOException {
        pollers.incrementAndGet();
        Invocation inv;
        try {
            inv = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } finally {
            pollers.decrementAndGet();
        }
        inFlight.put(inv.id(), inv);
        var h = exchange.getResponseHeaders();
        h.add("Content-Type", "application/json");
        h.add("Lambda-Runtime-Aws-Request-Id", inv.id());
        h.add("Lambda-Runtime-Deadline-Ms", Long.toString(inv.deadlineMs()));
        h.add("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:000000000000:function:" + function);
        h.add("Lambda-Runtime-Trace-Id", "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-"
                + inv.id().replace("-", "").substring(0, 24) + ";Sampled=0");
        try {
            send(exchange, 200, inv.event());
        } catch (IOException e) {
            // The poller went away before it got the event: give the event to the next one.
            inFlight.remove(inv.id());
            queue.add(inv);
            throw e;
        }
    }

    /** {@code {id}/response} or {@code {id}/error}. */
    private void complete(HttpExchange exchange, String rest) throws IOException {
        int slash = rest.indexOf('/');
        String id = slash < 0 ? rest : rest.substring(0, slash);
        String kind = slash < 0 ? "" : rest.substring(slash + 1);
        byte[] body = exchange.getRequestBody().readAllBytes();
        Invocation inv = inFlight.remove(id);
        if (inv == null || !(kind.equals("response") || kind.equals("error"))) {
            send(exchange, 400, "{\"errorMessage\":\"unknown invocation or path: " + rest + "\"}");
            return;
        }
        boolean error = kind.equals("error");
        log((error ? "error    " : "response ") + id + " (" + body.length + " bytes)");
        inv.result().complete(new Result(error, body));
        send(exchange, 202, "{\"status\":\"OK\"}");
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        send(exchange, status, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private static void log(String message) {
        System.out.println(Instant.now() + " " + message);
        System.out.flush();
    }
}
