package dev.coherent.tools.command;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * A local HTTP server that answers every request with {@code {}}, for the cold-start client's
 * warm-up; its own class, so that a runtime image without {@code jdk.httpserver} never loads it.
 */
final class ClientWarmUpStub {
    private ClientWarmUpStub() {}

    /** Probes and sends the request (its port replaced by the stub's) {@code times} times. */
    static void exchange(HttpClient http, HttpRequest request, int times) throws Exception {
        HttpServer stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        stub.createContext(ColdStartCommand.IMPUTE_PATH, exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(answer);
            }
        });
        stub.start();
        try {
            int stubPort = stub.getAddress().getPort();
            HttpRequest toStub = HttpRequest.newBuilder(request, (name, value) -> true)
                    .uri(URI.create("http://localhost:" + stubPort + ColdStartCommand.IMPUTE_PATH))
                    .build();
            for (int i = 0; i < times; i++) {
                FunctionProcesses.listening(stubPort);
                http.send(toStub, HttpResponse.BodyHandlers.ofString());
            }
        } finally {
            stub.stop(0);
        }
    }
}
