package dev.coherent.tools.command;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Launching and watching a function process for the benchmarks: native-library options, port probes, stop. */
final class FunctionProcesses {
    private FunctionProcesses() {}

    /**
     * Loading TensorFlow's natives straight from the folder JavaCPP unpacked them to, as the images
     * do; none when they are not unpacked yet (JavaCPP then finds and unpacks them itself). JavaCPP
     * names that folder after the jar it unpacked, so only the function's own native jar counts.
     */
    static List<String> nativesOptions(Path jar) throws Exception {
        String configured = System.getProperty("org.bytedeco.javacpp.cachedir");
        Path cache = configured != null
                ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".javacpp", "cache");
        Path lib = jar.toAbsolutePath().resolveSibling("lib");
        if (!Files.isDirectory(cache) || !Files.isDirectory(lib)) {
            return List.of();
        }
        try (var jars = Files.list(lib)) {
            for (Path nativeJar : jars.filter(j -> j.getFileName().toString().contains("tensorflow-core-native-"))
                    .toList()) {
                Path unpacked = cache.resolve(nativeJar.getFileName().toString());
                if (!Files.isDirectory(unpacked)) {
                    continue;
                }
                try (var files = Files.find(
                        unpacked, 8, (p, a) -> p.getFileName().toString().equals("libjnitensorflow.so"))) {
                    var found = files.findFirst();
                    if (found.isPresent()) {
                        return List.of(
                                "-Dorg.bytedeco.javacpp.findLibraries=false",
                                "-Djava.library.path=" + found.get().getParent());
                    }
                }
            }
        }
        return List.of();
    }

    /** Whether something accepts connections on the port: a cheap probe while the function boots. */
    static boolean listening(int toPort) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), toPort), 1000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    /** Stops a launched function (SIGTERM, then SIGKILL after a minute). */
    static void stop(Process p) throws InterruptedException {
        if (p.isAlive()) {
            p.destroy();
            // A training run writes its CDS archive while it exits.
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        }
    }
}
