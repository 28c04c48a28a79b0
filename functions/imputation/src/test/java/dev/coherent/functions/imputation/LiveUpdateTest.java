package dev.coherent.functions.imputation;

import static dev.coherent.functions.common.testing.Problems.assertProblem;
import static dev.coherent.functions.common.testing.TestPatients.body;
import static dev.coherent.functions.common.testing.TestPatients.list;
import static dev.coherent.functions.common.testing.TestPatients.patient;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coherent.functions.common.testing.TestModelSet;
import dev.coherent.store.ModelStores;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Live model updates: the function serves a folder of published sets, picks up a newly published
 * one while 8 clients keep sending requests (none fails), keeps the previous one for requests that
 * pin its version, and refuses a tampered publication while it goes on serving.
 */
@QuarkusTest
@TestProfile(LiveUpdateTest.Catalog.class)
class LiveUpdateTest {
    static final Path CATALOG = Path.of("target/live-update/catalog");
    static final Path STAGING = Path.of("target/live-update/staging");

    public static class Catalog implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                ModelStores.deleteTree(CATALOG.getParent());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            publish("v1", "test", null);
            return Map.of(
                    "coherent.models.uri",
                    CATALOG.toAbsolutePath().toString(),
                    "coherent.models.poll-interval",
                    "200ms",
                    "coherent.models.retained-versions",
                    "2");
        }
    }

    @TestHTTPResource("/")
    URL base;

    private RequestSpecification api() {
        return given().baseUri("http://" + base.getHost()).port(base.getPort()).contentType(ContentType.JSON);
    }

    private JsonPath impute(Object... fields) {
        return api().body(body(list(patient("P1", 1, "rnaseq", "rppa")), fields))
                .post("/v1/impute")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    @Test
    void aNewlyPublishedSetIsServedWithoutAFailedRequestAndTheOldOneCanBePinned() throws Exception {
        assertEquals("test", impute("seed", 7).getString("model_set.version"));
        assertEquals(
                1,
                api().get("/v1/models")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("versions")
                        .size());

        // 8 clients keep sending while the new set is published, loaded and swapped in.
        ExecutorService clients = Executors.newFixedThreadPool(8);
        AtomicBoolean stop = new AtomicBoolean();
        Map<String, Integer> answered = new ConcurrentHashMap<>();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            running.add(clients.submit(() -> {
                while (!stop.get()) {
                    var r = api().body(body(list(patient("P1", 1, "rnaseq", "rppa")), "draws", 2))
                            .post("/v1/impute");
                    if (r.statusCode() == 200) {
                        answered.merge(r.jsonPath().getString("model_set.version"), 1, Integer::sum);
                    } else {
                        failures.add(r.statusCode() + " " + r.asString());
                    }
                }
            }));
        }
        Thread.sleep(500);
        publish("v2", "test-v2", Instant.now().toString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (answered.getOrDefault("test-v2", 0) < 16 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        stop.set(true);
        for (Future<?> f : running) {
            f.get(60, TimeUnit.SECONDS);
        }
        clients.shutdown();
        assertEquals(List.of(), failures);
        assertTrue(
                answered.getOrDefault("test", 0) > 0 && answered.getOrDefault("test-v2", 0) >= 16,
                "answers by version: " + answered);

        JsonPath models =
                api().get("/v1/models").then().statusCode(200).extract().jsonPath();
        assertEquals("test-v2", models.getString("model_set.version"));
        assertEquals(List.of("test-v2", "test"), models.getList("versions.version"));
        assertEquals(List.of(true, false), models.getList("versions.serving"));
        // Same weights under both versions: a pinned request gets the old set's numbers, and says so.
        JsonPath newest = impute("seed", 7);
        JsonPath pinned = impute("seed", 7, "model_version", "test");
        assertEquals("test-v2", newest.getString("model_set.version"));
        assertEquals("test", pinned.getString("model_set.version"));
        assertEquals(newest.getList("patients[0].imputed.cna.mean"), pinned.getList("patients[0].imputed.cna.mean"));
        assertProblem(
                api().body(body(list(patient("P1", 1, "rnaseq", "rppa")), "model_version", "v0"))
                        .post("/v1/impute")
                        .then(),
                404,
                "model-version-not-loaded",
                "model version 'v0' is not loaded");
        // The Open Inference Protocol lists both and serves a pinned version.
        assertEquals(
                List.of("test-v2", "test"),
                api().get("/v2/models/imputation")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("versions"));
        api().get("/v2/models/imputation/versions/test/ready").then().statusCode(200);

        // A tampered publication is refused; the served set goes on serving.
        publish("v3", "test-v3", Instant.now().toString(), "classifiers");
        Thread.sleep(1500);
        assertEquals("test-v2", impute().getString("model_set.version"));
        api().get("/q/health/ready").then().statusCode(200);
    }

    /** Copies the test set to the catalog's {@code child} with another version, as a publication does. */
    static void publish(String child, String version, String createdAt, String... tampered) {
        try {
            Path staged = STAGING.resolve(child);
            TestModelSet.copyTo(staged);
            Path manifest = staged.resolve("manifest.json");
            String m = Files.readString(manifest)
                    .replaceFirst("\"version\"\\s*:\\s*\"[^\"]*\"", "\"version\": \"" + version + "\"");
            if (createdAt != null) {
                m = m.replaceFirst("\"created_at\"\\s*:\\s*\"[^\"]*\"", "\"created_at\": \"" + createdAt + "\"");
            }
            Files.writeString(manifest, m);
            for (String folder : tampered) {
                try (Stream<Path> files = Files.walk(staged.resolve(folder))) {
                    Path victim = files.filter(Files::isRegularFile).findFirst().orElseThrow();
                    Files.write(victim, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
                }
            }
            Files.createDirectories(CATALOG);
            // One rename: the function never sees half a set.
            Files.move(staged, CATALOG.resolve(child), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
