package dev.coherent.tools.command;

import dev.coherent.json.Json;
import dev.coherent.launch.CachedNatives;
import dev.coherent.launch.ClassDataArchive;
import dev.coherent.modelset.ModalityInfo;
import dev.coherent.modelset.ModelSetManifest;
import dev.coherent.store.ModelSetLayout;
import java.lang.management.ManagementFactory;
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
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code coherent bench cold-start}: launches the imputation function jar as a child process,
 * sends {@code POST /v1/impute} until the first 2xx answer and reports the time from launch to
 * that answer, repeated {@code --runs} times.
 *
 * <p>The clock starts just before the process is spawned, so JVM start, Quarkus boot, TensorFlow's
 * native load, the model set's load and sha256 verification and the warm-up are all inside it
 * (the function only answers once the set is loaded, verified and warmed up). From the child's
 * log it also reports Quarkus' own "started in" and the model set's "warmed up in" times, and its
 * CPU seconds and RSS right after the first answer. The request is generated from the model set's manifest (a
 * local folder), one patient with {@code --observed} modalities.
 *
 * <p>By default it launches the function as the images do (the deployable configuration): the JVM
 * options of {@code --jvm-options-file} (the images' argument file), a JDK class-data-sharing
 * archive made by a training run of the same jar when there is none yet (one launch that answers a
 * request and exits, as the image build does), and TensorFlow's natives loaded straight from the
 * JavaCPP cache when they are unpacked there. {@code --plain} launches the bare jar for comparison.
 *
 * <p>The client shares the machine with the function, so it keeps out of the way: its HTTP path is
 * warmed up against a local stub before the first launch, and while the function boots it only
 * probes the port (a TCP connect every 5 ms) and sends the request once the port accepts. Its own
 * CPU seconds during each launch are reported next to the function's.
 */
@Command(
        name = "cold-start",
        mixinStandardHelpOptions = true,
        description = "Launch the function jar N times; print the time from launch to the first /v1/impute answer.")
public final class ColdStartCommand implements Callable<Integer> {
    private static final Pattern QUARKUS_STARTED = Pattern.compile("started in ([0-9.]+)s");
    private static final Pattern SET_READY = Pattern.compile("warmed up in ([0-9.]+) s");
    static final String IMPUTE_PATH = "/v1/impute";
    /** Between port probes while the function boots, the client sleeps. */
    private static final long PROBE_INTERVAL_MS = 5;

    @Option(
            names = "--jar",
            defaultValue = "functions/imputation/target/imputation-function-0.1.0-SNAPSHOT-runner.jar",
            description = "The function's runner jar.")
    Path jar;

    @Option(names = "--models", defaultValue = "quickstart-output/models", description = "Model set folder to serve.")
    Path models;

    @Option(names = "--java", description = "Java launcher (default: the one running this command).")
    Path java;

    @Option(
            names = "--jvm-option",
            description = "A JVM option for the function (repeatable), e.g."
                    + " -Xlog:class+load or -XX:TieredStopAtLevel=1 with --plain.")
    List<String> jvmOptions = new ArrayList<>();

    @Option(
            names = "--plain",
            description = "Launch the bare jar (only --jvm-option), not the deployable configuration.")
    boolean plain;

    @Option(
            names = "--jvm-options-file",
            defaultValue = "infra/docker/imputation/jvm.options",
            description = "The images' JVM argument file (java @file), used unless --plain.")
    Path jvmOptionsFile;

    @Option(
            names = "--cds-archive",
            description = "Class-data-sharing archive used unless --plain (default: next to"
                    + " the jar, <jar>.jsa); made first by a training run when missing or older than the jar.")
    Path cdsArchive;

    @Option(names = "--port", defaultValue = "8480", description = "HTTP port for the function.")
    int port;

    @Option(names = "--runs", defaultValue = "5", description = "Launches (0: only make the CDS archive).")
    int runs;

    @Option(
            names = "--observed",
            defaultValue = "1",
            description = "Modalities the patient has (the rest are imputed).")
    int observed;

    @Option(names = "--draws", defaultValue = "10", description = "Draws per patient.")
    int draws;

    @Option(names = "--steps", defaultValue = "50", description = "DDIM steps.")
    int steps;

    @Option(names = "--timeout", defaultValue = "120", description = "Seconds a launch may take to answer.")
    int timeoutSeconds;

    @Option(names = "--log", description = "Keep the last launch's output in this file.")
    Path log;

    /** One launch. */
    record Launch(
            double firstAnswerMs,
            double cpuSeconds,
            double quarkusStartedS,
            double setReadyS,
            double rssMiB,
            double clientCpuSeconds) {}

    @Override
    public Integer call() throws Exception {
        if (runs < 0 || (runs == 0 && plain)) {
            throw new IllegalArgumentException("--runs must be at least 1 (0 only makes the CDS archive)");
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("no function jar at " + jar
                    + ": build it with ./mvnw -q -DskipTests package -pl functions/imputation -am");
        }
        byte[] payload = body();
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        warmUpClient(http, payload);
        List<String> options = new ArrayList<>();
        if (!plain) {
            if (!Files.isRegularFile(jvmOptionsFile)) {
                throw new IllegalArgumentException("no JVM argument file at " + jvmOptionsFile
                        + ": run from the repository root, pass --jvm-options-file, or --plain");
            }
            options.add("@" + jvmOptionsFile);
            options.addAll(CachedNatives.jvmOptions(jar.toAbsolutePath().resolveSibling("lib")));
            Path archive = cdsArchive != null ? cdsArchive : ClassDataArchive.of(jar);
            if (!ClassDataArchive.isCurrent(archive, jar)) {
                train(http, payload, options, archive);
            }
            options.add("-XX:SharedArchiveFile=" + archive);
        }
        options.addAll(jvmOptions);
        System.out.println("# " + (plain ? "plain jar" : "deployable configuration") + ": java "
                + String.join(" ", options) + " -jar " + jar);
        if (runs == 0) {
            return 0;
        }
        System.out.println("run\tfirst_answer_ms\tcpu_s\tquarkus_started_s\tmodel_set_ready_s\trss_mib\tclient_cpu_s");
        double[] first = new double[runs];
        for (int i = 0; i < runs; i++) {
            Launch l = launch(http, payload, options);
            first[i] = l.firstAnswerMs();
            System.out.printf(
                    Locale.ROOT,
                    "%d\t%.0f\t%.2f\t%.3f\t%.3f\t%.0f\t%.2f%n",
                    i + 1,
                    l.firstAnswerMs(),
                    l.cpuSeconds(),
                    l.quarkusStartedS(),
                    l.setReadyS(),
                    l.rssMiB(),
                    l.clientCpuSeconds());
        }
        double[] sorted = first.clone();
        Arrays.sort(sorted);
        System.out.printf(
                Locale.ROOT,
                "first_answer_ms\tmedian %.0f\tmin %.0f\tmax %.0f\truns %d%n",
                LoadCommand.percentile(first, 50),
                sorted[0],
                sorted[sorted.length - 1],
                runs);
        return 0;
    }

    private byte[] body() throws Exception {
        ModelSetManifest manifest =
                Json.MAPPER.readValue(models.resolve(ModelSetLayout.MANIFEST).toFile(), ModelSetManifest.class);
        List<String> names = new ArrayList<>();
        List<Integer> dims = new ArrayList<>();
        for (ModalityInfo m : manifest.modalities()) {
            names.add(m.name());
            dims.add(m.dim());
        }
        return LoadCommand.generate(names, dims, 1, observed, draws, steps, 1);
    }

    /**
     * The training run: one launch with {@code -XX:ArchiveClassesAtExit} that answers a request and
     * exits, so the archive holds the classes of the boot, the model set's load and a request.
     */
    private void train(HttpClient http, byte[] payload, List<String> options, Path archive) throws Exception {
        Files.deleteIfExists(archive);
        List<String> training = new ArrayList<>(options);
        // Without --jvm-option: the archive is the deployable configuration's, whatever is measured with it.
        training.add("-XX:ArchiveClassesAtExit=" + archive);
        Launch l = launch(http, payload, training);
        if (!Files.isRegularFile(archive)) {
            throw new IllegalStateException("the training run wrote no CDS archive at " + archive);
        }
        System.out.printf(
                Locale.ROOT,
                "# CDS archive %s (%.0f MiB) made by a training run (first answer %.0f ms)%n",
                archive,
                Files.size(archive) / 1048576.0,
                l.firstAnswerMs());
    }

    private Launch launch(HttpClient http, byte[] payload, List<String> options) throws Exception {
        Path out = log != null ? log : Files.createTempFile("cold-start", ".log");
        List<String> cmd = new ArrayList<>();
        cmd.add(
                java != null
                        ? java.toString()
                        : Path.of(System.getProperty("java.home"), "bin", "java")
                                .toString());
        cmd.addAll(options);
        cmd.add("-Dquarkus.http.port=" + port);
        cmd.add("-Dcoherent.models.uri=" + models.toAbsolutePath());
        cmd.add("-jar");
        cmd.add(jar.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().putIfAbsent("TF_CPP_MIN_LOG_LEVEL", "2");
        HttpRequest request = request(payload);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long clientCpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        Process p = pb.start();
        try {
            long deadline = t0 + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            while (true) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("the function exited with " + p.exitValue() + "; see " + out);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no answer within " + timeoutSeconds + " s; see " + out);
                }
                // The function answers once its set is ready (503 only if loading outlasts its own wait).
                if (FunctionProcesses.listening(port)) {
                    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() / 100 == 2) {
                        break;
                    }
                    if (r.statusCode() != 503) {
                        throw new IllegalStateException("POST /v1/impute answered " + r.statusCode() + ": " + r.body());
                    }
                }
                Thread.sleep(PROBE_INTERVAL_MS);
            }
            double ms = (System.nanoTime() - t0) / 1e6;
            double clientCpu = (os.getProcessCpuTime() - clientCpu0) / 1e9;
            // A plain java -jar runs the function in a child JVM (TunedLaunch): count the whole tree.
            List<Long> pids = new ArrayList<>(List.of(p.pid()));
            p.descendants().forEach(d -> pids.add(d.pid()));
            double cpu = pids.stream().mapToDouble(ProcessMemory::cpuSeconds).sum();
            double rss = pids.stream()
                    .mapToDouble(pid -> ProcessMemory.read(pid).rssMiB())
                    .sum();
            FunctionProcesses.stop(p);
            String text = Files.readString(out);
            return new Launch(ms, cpu, seconds(QUARKUS_STARTED, text), seconds(SET_READY, text), rss, clientCpu);
        } finally {
            FunctionProcesses.stop(p);
            if (log == null) {
                Files.deleteIfExists(out);
            }
        }
    }

    private HttpRequest request(byte[] payload) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + IMPUTE_PATH))
                .timeout(Duration.ofSeconds(timeoutSeconds))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload))
                .build();
    }

    /**
     * Runs the client's code paths (refused probes, accepted probes, a request and its answer)
     * until this JVM has loaded and compiled them, so that its own start-up work does not compete
     * with the function's on a small machine.
     */
    private void warmUpClient(HttpClient http, byte[] payload) throws Exception {
        for (int i = 0; i < 200; i++) {
            FunctionProcesses.listening(port);
        }
        // A runtime image may leave the JDK's HTTP server out; the stub's class then stays unloaded.
        if (ModuleLayer.boot().findModule("jdk.httpserver").isPresent()) {
            ClientWarmUpStub.exchange(http, request(payload), 200);
        }
        Thread.sleep(1000);
    }

    private static double seconds(Pattern pattern, String log) {
        Matcher m = pattern.matcher(log);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }
}
