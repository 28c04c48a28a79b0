package dev.coherent.tools.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.coherent.tools.TrainingToolsCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code coherent bench load} against a stand-in function (a JDK HTTP server) that fails every fifth request. */
class LoadCommandTest {
    private static final String MODELS = "{\"modalities\":[{\"name\":\"cna\",\"dim\":3},{\"name\":\"rna\",\"dim\":2}]}";
    private HttpServer server;
    private final AtomicInteger imputes = new AtomicInteger();
    private volatile String lastBody;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        server.createContext("/v1/models", ex -> {
            byte[] b = MODELS.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.createContext("/v1/impute", ex -> {
            lastBody = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int n = imputes.incrementAndGet();
            if (n % 5 == 0) {
                ex.sendResponseHeaders(500, -1);
            } else {
                // A live update after the 10th request.
                byte[] b = ("{\"model_set\":{\"version\":\"" + (n <= 10 ? "v1" : "v2") + "\",\"sha256\":\"x\"}}")
                        .getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(200, b.length);
                ex.getResponseBody().write(b);
            }
            ex.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void reportsLatencyPercentilesAndCountsErrors() throws Exception {
        String url = "http://localhost:" + server.getAddress().getPort() + "/v1/impute";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream old = System.out;
        int code;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            code = TrainingToolsCli.commandLine()
                    .execute(
                            "bench",
                            "load",
                            "--url",
                            url,
                            "--clients",
                            "3",
                            "--requests",
                            "20",
                            "--warmup",
                            "0",
                            "--patients",
                            "2",
                            "--draws",
                            "3");
        } finally {
            System.setOut(old);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(1, code, text);
        assertEquals(20, imputes.get());
        assertTrue(text.contains("requests\t20"), text);
        assertTrue(text.contains("errors\t4\t{HTTP 500=4}"), text);
        assertTrue(text.contains("model_versions\t{v1=8, v2=8}"), text);
        assertTrue(text.matches("(?s).*latency_ms\tp50 [0-9.]+\tp90 [0-9.]+\tp99 [0-9.]+\tmax [0-9.]+.*"), text);
        JsonNode body = new ObjectMapper().readTree(lastBody);
        assertEquals(2, body.get("patients").size());
        assertEquals(3, body.get("draws").asInt());
        // Patient i lacks modality i mod 2: the request mixes gap patterns.
        assertTrue(body.at("/patients/0/modalities/cna").isMissingNode());
        assertEquals(2, body.at("/patients/0/modalities/rna").size());
        assertTrue(body.at("/patients/1/modalities/rna").isMissingNode());
    }

    @Test
    void percentilesUseNearestRank() {
        double[] v = {5, 1, 4, 2, 3, 6, 7, 8, 9, 10};
        assertEquals(5, LoadCommand.percentile(v, 50));
        assertEquals(10, LoadCommand.percentile(v, 99));
        assertEquals(1, LoadCommand.percentile(v, 1));
        assertEquals(10, LoadCommand.percentile(v, 100));
    }

    @Test
    void sendsForAGivenTimeInsteadOfACount() {
        String url = "http://localhost:" + server.getAddress().getPort() + "/v1/impute";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream old = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        long t0 = System.nanoTime();
        try {
            TrainingToolsCli.commandLine()
                    .execute("bench", "load", "--url", url, "--clients", "2", "--seconds", "0.5", "--warmup", "0");
        } finally {
            System.setOut(old);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(System.nanoTime() - t0 >= 500_000_000L, text);
        assertTrue(text.contains("requests\t" + imputes.get() + "\n"), "every request sent is counted: " + text);
        assertTrue(imputes.get() > 10, text);
    }
}
