package dev.coherent.functions.imputation;

import static dev.coherent.functions.common.testing.TestPatients.body;
import static dev.coherent.functions.common.testing.TestPatients.list;
import static dev.coherent.functions.common.testing.TestPatients.patient;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coherent.functions.common.problem.ProblemType;
import dev.coherent.functions.common.testing.AbstractHealthCheckTest;
import dev.coherent.functions.common.testing.S3MockResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Clients that misbehave on the wire, as a hostile prober would: bodies declared and never sent,
 * sent slowly, cut off, or declared above every limit. With three worker threads, stalled bodies
 * must not starve requests or health checks, must be cut off after the read timeout, and every
 * refusal is a problem document.
 */
@QuarkusTest
@TestProfile(HostileClientTest.FewWorkers.class)
@QuarkusTestResource(S3MockResource.class)
class HostileClientTest {
    private static final int READ_TIMEOUT_SECONDS = 6;
    private static final int MAX_BODY_READS = 4;

    /** Few worker threads (as on a small instance), a short body read timeout and few body reads at once. */
    public static class FewWorkers implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.thread-pool.max-threads",
                    "3",
                    "coherent.limits.body-read-timeout",
                    READ_TIMEOUT_SECONDS + "s",
                    "coherent.limits.max-body-reads",
                    String.valueOf(MAX_BODY_READS));
        }
    }

    @TestHTTPResource("/")
    URL base;

    private RequestSpecification api() {
        return given().baseUri("http://" + base.getHost()).port(base.getPort());
    }

    /** Opens a connection that declares a body of {@code declared} bytes and sends only {@code sent} of them. */
    private Socket stalled(long declared, int sent) throws IOException {
        Socket s = new Socket(base.getHost(), base.getPort());
        s.setSoTimeout(15_000);
        OutputStream out = s.getOutputStream();
        out.write(("POST /v1/impute HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Content-Length: " + declared + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        byte[] start = "{\"patients\":[{\"id\":\"P1\",\"modalities\":{\"rnaseq\":[".getBytes(StandardCharsets.US_ASCII);
        byte[] part = new byte[sent];
        java.util.Arrays.fill(part, (byte) ' ');
        System.arraycopy(start, 0, part, 0, Math.min(start.length, sent));
        out.write(part);
        out.flush();
        return s;
    }

    /** The status line and body of the answer on a raw connection (the connection is then closed). */
    private record Answer(int status, String contentType, String body) {}

    private static Answer read(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        byte[] all = in.readAllBytes();
        s.close();
        String text = new String(all, StandardCharsets.UTF_8);
        int headersEnd = text.indexOf("\r\n\r\n");
        assertTrue(headersEnd > 0, "no HTTP answer: '" + text + "'");
        String head = text.substring(0, headersEnd);
        String contentType = "";
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-type:")) {
                contentType = line.substring("content-type:".length()).strip();
            }
        }
        return new Answer(Integer.parseInt(head.split(" ")[1]), contentType, text.substring(headersEnd + 4));
    }

    private static void assertProblem(Answer a, int status, String type) throws IOException {
        assertEquals(status, a.status(), a.body());
        assertEquals(ProblemType.MEDIA_TYPE, a.contentType());
        Map<?, ?> problem = new ObjectMapper().readValue(a.body(), Map.class);
        assertEquals("/problems/" + type, problem.get("type"), a.body());
        assertEquals(status, problem.get("status"));
        assertEquals("/v1/impute", problem.get("instance"));
    }

    @Test
    void aBodyDeclaredAboveEveryLimitGetsAProblem() throws Exception {
        // 20 MB is above quarkus.http.limits.max-body-size (16M), which Vert.x answered with an empty 413.
        for (long declared : new long[] {70_000, 16L * 1024 * 1024 + 1, 20_000_000, 5_000_000_000L}) {
            try (Socket s = stalled(declared, 0)) {
                assertProblem(read(s), 413, "payload-too-large");
            }
        }
    }

    private static final Path LOG = Path.of("target/quarkus-test.log");

    /** What the function logged since {@code before} (a size of the test log). */
    private static String loggedSince(long before) throws IOException {
        try (InputStream in = Files.newInputStream(LOG)) {
            in.skipNBytes(before);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void stalledBodiesStarveNeitherRequestsNorHealthAndAreCutOff() throws Exception {
        AbstractHealthCheckTest.awaitReady(api());
        long logBefore = Files.size(LOG);
        api().contentType(ContentType.JSON)
                .body(body(list(patient("P1", 0, "rnaseq"))))
                .post("/v1/impute")
                .then()
                .statusCode(200);
        // As many stalled bodies as there are worker threads, each larger than a socket read.
        List<Socket> stalled = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            stalled.add(stalled(50_000, 20_000));
        }
        Thread.sleep(300);
        long start = System.nanoTime();
        api().get("/q/health/ready").then().statusCode(200);
        api().contentType(ContentType.JSON)
                .body(body(list(patient("P1", 0, "rnaseq"))))
                .post("/v1/impute")
                .then()
                .statusCode(200);
        assertTrue(
                System.nanoTime() - start < (READ_TIMEOUT_SECONDS - 2) * 1_000_000_000L,
                "requests waited for the stalled bodies");
        // The bound on body reads in flight: one more fills it, the next is refused at once.
        stalled.add(stalled(50_000, 100));
        Thread.sleep(300);
        try (Socket refused = stalled(50_000, 100)) {
            Answer busy = read(refused);
            assertProblem(busy, 503, "busy");
        }
        // Each stalled body is cut off after the read timeout with a problem, and its connection closed.
        for (Socket s : stalled) {
            assertProblem(read(s), 408, "request-timeout");
        }
        api().contentType(ContentType.JSON)
                .body(body(list(patient("P1", 0, "rnaseq"))))
                .post("/v1/impute")
                .then()
                .statusCode(200);
        String added = loggedSince(logBefore);
        assertFalse(added.contains("ERROR"), added);
        assertFalse(added.contains("\tat "), "a stack trace was logged:\n" + added);
    }

    @Test
    void aClientThatHangsUpMidBodyIsOneShortLogLine() throws Exception {
        AbstractHealthCheckTest.awaitReady(api());
        long before = Files.size(LOG);
        for (int sent : new int[] {100, 20_000}) {
            Socket s = stalled(50_000, sent);
            Thread.sleep(200);
            s.close();
        }
        Thread.sleep(1500);
        String added = loggedSince(before);
        assertFalse(added.contains("ERROR"), added);
        assertFalse(added.contains("\tat "), "a stack trace was logged:\n" + added);
        long lines =
                added.lines().filter(l -> l.contains("closed the connection")).count();
        assertEquals(2, lines, added);
    }

    @Test
    void aSlowButSteadyClientIsStillCutOffAtTheReadTimeout() throws Exception {
        // One byte a quarter second never trips an idle timeout; the read timeout bounds the whole body.
        try (Socket s = stalled(1000, 10)) {
            long start = System.nanoTime();
            OutputStream out = s.getOutputStream();
            try {
                for (int i = 0; i < 40 && !s.isInputShutdown(); i++) {
                    out.write(' ');
                    out.flush();
                    Thread.sleep(250);
                    if (s.getInputStream().available() > 0) {
                        break;
                    }
                }
            } catch (IOException closed) {
                // The server answered and closed: read what it said.
            }
            Answer a = read(s);
            assertProblem(a, 408, "request-timeout");
            assertTrue(System.nanoTime() - start < (READ_TIMEOUT_SECONDS + 3) * 1_000_000_000L);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the slow body was never cut off", e);
        }
    }
}
