package dev.coherent.tools.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code coherent bench load}: a bounded number of concurrent clients send imputation requests to
 * a running imputation function and the command reports latency percentiles and errors.
 *
 * <p>Each client sends its requests one after the other, so at most {@code --clients} requests are
 * in flight. Without {@code --body} the request is generated from the function's
 * {@code GET /v1/models}: {@code --patients} patients per request with random values, each missing
 * one modality in turn (so one request holds several gap patterns). Warm-up requests are sent
 * first and not counted. Counts the answers by the version of the model set that gave them (a
 * live update shows as two). Exit code 0 when every counted request got a 2xx answer, 1 otherwise.
 */
@Command(
        name = "load",
        mixinStandardHelpOptions = true,
        description = "Run concurrent clients against an imputation function; print p50/p90/p99 latency and errors.")
public final class LoadCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The answering set's version at the head of an answer: counted, to see a live update under load. */
    private static final Pattern MODEL_VERSION = Pattern.compile("\"model_set\":\\{\"version\":\"([^\"]*)\"");

    @Option(names = "--url", defaultValue = "http://localhost:8080/v1/impute", description = "The impute endpoint.")
    URI url;

    @Option(names = "--clients", defaultValue = "8", description = "Concurrent clients (requests in flight).")
    int clients;

    @Option(names = "--requests", defaultValue = "400", description = "Requests counted, over all clients.")
    int requests;

    @Option(names = "--seconds", description = "Send for this long instead of --requests requests.")
    Double seconds;

    @Option(names = "--warmup", defaultValue = "16", description = "Requests sent first and not counted.")
    int warmup;

    @Option(names = "--patients", defaultValue = "1", description = "Patients per generated request.")
    int patients;

    @Option(
            names = "--observed",
            description = "Modalities each generated patient has (default: all but one);"
                    + " 1 makes every request fill all the other modalities.")
    Integer observed;

    @Option(
            names = "--pid",
            description = "Process id of the function (same machine): report its RSS at rest,"
                    + " the peak sampled during the run and VmHWM, from /proc/<pid>/status.")
    Long pid;

    @Option(names = "--draws", description = "Draws per patient (default: the function's).")
    Integer draws;

    @Option(names = "--steps", description = "Sampler steps (default: the function's).")
    Integer steps;

    @Option(names = "--body", description = "Send this JSON file instead of a generated request.")
    Path body;

    @Option(names = "--timeout", defaultValue = "120", description = "Seconds before a request counts as failed.")
    int timeoutSeconds;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the generated values.")
    long seed;

    /** Latencies and outcomes of a run. */
    public record Result(
            int requests,
            int clients,
            double wallSeconds,
            double[] latenciesMs,
            Map<String, Integer> errors,
            Map<String, Integer> modelVersions) {

        public int errorCount() {
            return errors.values().stream().mapToInt(Integer::intValue).sum();
        }

        public double percentile(double p) {
            return LoadCommand.percentile(latenciesMs, p);
        }

        public void print(PrintStream out) {
            out.printf(
                    Locale.ROOT,
                    "requests\t%d%nclients\t%d%nok\t%d%nerrors\t%d%s%n",
                    requests,
                    clients,
                    requests - errorCount(),
                    errorCount(),
                    errors.isEmpty() ? "" : "\t" + errors);
            out.printf(Locale.ROOT, "model_versions\t%s%n", modelVersions);
            out.printf(Locale.ROOT, "wall_s\t%.2f%nthroughput_rps\t%.2f%n", wallSeconds, requests / wallSeconds);
            out.printf(
                    Locale.ROOT,
                    "latency_ms\tp50 %.1f\tp90 %.1f\tp99 %.1f\tmax %.1f%n",
                    percentile(50),
                    percentile(90),
                    percentile(99),
                    percentile(100));
        }
    }

    @Override
    public Integer call() throws Exception {
        if (clients < 1 || requests < 1 || warmup < 0 || patients < 1) {
            throw new IllegalArgumentException("--clients, --requests and --patients must be at least 1");
        }
        if (seconds != null && !(seconds > 0)) {
            throw new IllegalArgumentException("--seconds must be positive, got " + seconds);
        }
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        byte[] payload = body != null
                ? Files.readAllBytes(body)
                : generate(models(http), patients, observed, draws, steps, seed);
        System.out.printf(Locale.ROOT, "url\t%s%nbody_bytes\t%d%n", url, payload.length);
        if (warmup > 0) {
            run(http, payload, Math.min(clients, warmup), warmup, 0);
        }
        ProcessMemory.Sampler memory = pid == null ? null : ProcessMemory.sampler(pid);
        Result r;
        try {
            r = run(http, payload, clients, requests, seconds == null ? 0 : (long) (seconds * 1e9));
        } finally {
            if (memory != null) {
                memory.stop();
            }
        }
        r.print(System.out);
        if (memory != null) {
            memory.print(System.out);
        }
        return r.errorCount() == 0 ? 0 : 1;
    }

    private JsonNode models(HttpClient http) throws Exception {
        URI models = url.resolve("/v1/models");
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(models)
                        .timeout(Duration.ofSeconds(timeoutSeconds))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + models + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** As {@link #generate(JsonNode, int, Integer, Integer, Integer, long)} with all but one modality observed. */
    static byte[] generate(JsonNode models, int patients, Integer draws, Integer steps, long seed) throws Exception {
        return generate(models, patients, null, draws, steps, seed);
    }

    /**
     * A request body for a model set described by {@code GET /v1/models}: patient i has the
     * {@code observed} modalities following modality i (cyclically), with standard normal values,
     * and lacks the rest; the default, m − 1, leaves out modality i mod m only.
     */
    static byte[] generate(JsonNode models, int patients, Integer observed, Integer draws, Integer steps, long seed)
            throws Exception {
        List<String> names = new ArrayList<>();
        List<Integer> dims = new ArrayList<>();
        for (JsonNode m : models.get("modalities")) {
            names.add(m.get("name").asText());
            dims.add(m.get("dim").asInt());
        }
        return generate(names, dims, patients, observed, draws, steps, seed);
    }

    /** The request body for modality names and dimensions (see above). */
    static byte[] generate(
            List<String> names,
            List<Integer> dims,
            int patients,
            Integer observed,
            Integer draws,
            Integer steps,
            long seed)
            throws Exception {
        int m = names.size();
        int k = observed != null ? observed : Math.max(1, m - 1);
        if (k < 1 || k > m) {
            throw new IllegalArgumentException("--observed must be between 1 and " + m + ", got " + k);
        }
        Random random = new Random(seed);
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("patients");
        for (int i = 0; i < patients; i++) {
            ObjectNode p = list.addObject();
            p.put("id", "load-" + i);
            ObjectNode mods = p.putObject("modalities");
            for (int j = 0; j < k; j++) {
                int mod = m == 1 ? 0 : (i + 1 + j) % m;
                ArrayNode v = mods.putArray(names.get(mod));
                for (int f = 0; f < dims.get(mod); f++) {
                    v.add((float) random.nextGaussian());
                }
            }
        }
        root.put("seed", seed);
        if (draws != null) {
            root.put("draws", draws);
        }
        if (steps != null) {
            root.put("steps", steps);
        }
        return JSON.writeValueAsBytes(root);
    }

    /** One request's latency, error (null when 2xx) and answering model-set version. */
    private record Sample(double latencyMs, String error, String version) {}

    /**
     * Sends {@code total} requests from {@code clientCount} clients, or as many as they send in
     * {@code durationNanos} when that is positive, and measures each.
     */
    Result run(HttpClient http, byte[] payload, int clientCount, int total, long durationNanos) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(timeoutSeconds))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload))
                .build();
        Queue<Sample> samples = new ConcurrentLinkedQueue<>();
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clientCount);
        long start = System.nanoTime();
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int c = 0; c < clientCount; c++) {
                workers.add(pool.submit(() -> {
                    while (durationNanos > 0
                            ? System.nanoTime() - start < durationNanos
                            : next.getAndIncrement() < total) {
                        long t0 = System.nanoTime();
                        String error;
                        String version = null;
                        try {
                            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                            error = r.statusCode() / 100 == 2 ? null : "HTTP " + r.statusCode();
                            Matcher m = MODEL_VERSION.matcher(r.body());
                            version = m.find() ? m.group(1) : null;
                        } catch (java.io.IOException e) {
                            error = e.getClass().getSimpleName();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            samples.add(new Sample(0, "interrupted", null));
                            return;
                        }
                        samples.add(new Sample((System.nanoTime() - t0) / 1e6, error, version));
                    }
                }));
            }
            for (Future<?> w : workers) {
                w.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double wall = (System.nanoTime() - start) / 1e9;
        Map<String, Integer> errors = new TreeMap<>();
        Map<String, Integer> versions = new TreeMap<>();
        double[] latencies = new double[samples.size()];
        int i = 0;
        for (Sample x : samples) {
            latencies[i++] = x.latencyMs();
            if (x.error() != null) {
                errors.merge(x.error(), 1, Integer::sum);
            }
            if (x.version() != null) {
                versions.merge(x.version(), 1, Integer::sum);
            }
        }
        return new Result(latencies.length, clientCount, wall, latencies, errors, versions);
    }

    /** The p-th percentile (0-100) by the nearest-rank method; NaN for no values. */
    static double percentile(double[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
