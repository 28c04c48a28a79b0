package dev.coherent.functions.common.launch;

import dev.coherent.launch.CachedNatives;
import dev.coherent.launch.ClassDataArchive;
import dev.coherent.tf.OneDnnSignalSafety;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a function started as a plain {@code java -jar …-runner.jar} the way its images run it, so
 * that every launch gets their cold start (docs/results/performance-function.md): the JVM options of
 * the function's {@code coherent/jvm.options} resource (the images' argument file,
 * infra/docker/imputation/jvm.options), a class-data-sharing
 * archive beside the jar ({@code <jar>.jsa}: the first such launch writes it when it exits, later ones
 * map it), and TensorFlow's natives straight from JavaCPP's cache ({@link CachedNatives}).
 *
 * <p>A JVM cannot take those options after it has started, so the launch starts one child JVM with
 * them, the same class path, the caller's own JVM options and arguments, its standard streams and
 * environment (with oneDNN capped as in the images unless the caller set a cap);
 * it then waits for it and exits with its status. Stopping the launcher stops the child (and a child
 * whose launcher died exits). Nothing is relaunched when the JVM was not started with {@code -jar},
 * already has a CDS archive or C1-only compilation, is such a child, or when the environment
 * variable {@code COHERENT_LAUNCH=plain} asks to run here.
 */
public final class TunedLaunch {
    /**
     * Environment variable that marks the child, so that it never relaunches and watches its
     * launcher. Environment, not a system property: the functions refuse unknown
     * {@code coherent.*} properties.
     */
    static final String CHILD = "COHERENT_LAUNCH_CHILD";

    /** Environment variable: {@code plain} runs the function in the JVM it was started in. */
    static final String SWITCH = "COHERENT_LAUNCH";

    static final String OPTIONS_RESOURCE = "/coherent/jvm.options";

    private TunedLaunch() {}

    /**
     * Relaunches {@code main} tuned and exits with the child's status when that applies; returns at
     * once otherwise (in a child, after starting to watch its launcher).
     */
    public static void relaunchOrContinue(Class<?> main, String[] args) {
        if (System.getenv(CHILD) != null) {
            exitWithLauncher();
            return;
        }
        List<String> options = options(main);
        if (options.isEmpty()) {
            return;
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
            childEnvironment(builder.environment(), ProcessHandle.current().pid());
            Process child = builder.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(child), "tuned-launch-stop"));
            System.exit(child.waitFor());
        } catch (IOException e) {
            System.err.println("coherent: cannot start the tuned JVM (" + e.getMessage() + "); running in this one");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.exit(130);
        }
    }

    /**
     * The child's environment, from the launcher's: marked as the child of {@code launcher}, and
     * oneDNN capped as the images cap it ({@link OneDnnSignalSafety}) unless the caller chose a cap.
     */
    static void childEnvironment(Map<String, String> environment, long launcher) {
        environment.put(CHILD, Long.toString(launcher));
        environment.putIfAbsent(OneDnnSignalSafety.VARIABLE, OneDnnSignalSafety.SAFE_SETTING);
    }

    /**
     * The child's JVM options, or none when this JVM should run the function itself: the tuned
     * options, the CDS archive, the cached natives, then the caller's own options (which win).
     */
    static List<String> options(Class<?> main) {
        String wanted = System.getenv().getOrDefault(SWITCH, "tuned");
        List<String> own = ManagementFactory.getRuntimeMXBean().getInputArguments();
        Path jar = launchedJar();
        List<String> tuned = tunedOptions(main);
        if (wanted.equalsIgnoreCase("plain") || jar == null || tuned.isEmpty() || alreadyTuned(own)) {
            return List.of();
        }
        List<String> out = new ArrayList<>(tuned);
        Path archive = ClassDataArchive.of(jar);
        if (ClassDataArchive.isCurrent(archive, jar)) {
            out.add("-XX:SharedArchiveFile=" + archive);
        } else if (Files.isWritable(jar.getParent())) {
            // This launch makes the archive when it exits; the next ones start from it. The JDK's
            // notes on classes it cannot archive (old class files of some libraries) are not the user's.
            out.add("-XX:ArchiveClassesAtExit=" + archive);
            out.add("-Xlog:cds*=off");
        }
        out.addAll(CachedNatives.jvmOptions(jar.resolveSibling("lib")));
        out.addAll(own);
        return out;
    }

    /** The jar of a {@code java -jar} launch, or null for any other launch. */
    private static Path launchedJar() {
        String command = System.getProperty("sun.java.command", "");
        String first = command.split(" ", 2)[0];
        if (!first.endsWith(".jar")) {
            return null;
        }
        Path jar = Path.of(first).toAbsolutePath();
        return Files.isRegularFile(jar) ? jar : null;
    }

    private static boolean alreadyTuned(List<String> own) {
        return own.stream()
                .anyMatch(o -> o.startsWith("-XX:SharedArchiveFile")
                        || o.startsWith("-XX:ArchiveClassesAtExit")
                        || o.startsWith("-XX:TieredStopAtLevel"));
    }

    /** The options of the function's {@code coherent/jvm.options} resource (argument-file syntax, one per line). */
    public static List<String> tunedOptions(Class<?> main) {
        List<String> out = new ArrayList<>();
        try (InputStream in = main.getResourceAsStream(OPTIONS_RESOURCE)) {
            if (in == null) {
                return out;
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                String option = line.strip();
                if (!option.isEmpty() && !option.startsWith("#")) {
                    out.add(option);
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        return out;
    }

    /** In a child: exit when the launcher is gone (killed), so that nothing keeps its port. */
    private static void exitWithLauncher() {
        ProcessHandle.current().parent().ifPresent(launcher -> launcher.onExit().thenRun(() -> System.exit(143)));
    }

    private static void stop(Process child) {
        if (child.isAlive()) {
            child.destroy();
            try {
                // Time for the function's own shutdown (and, on a first launch, for writing the archive).
                if (!child.waitFor(60, TimeUnit.SECONDS)) {
                    child.destroyForcibly();
                }
            } catch (InterruptedException e) {
                child.destroyForcibly();
            }
        }
    }
}
