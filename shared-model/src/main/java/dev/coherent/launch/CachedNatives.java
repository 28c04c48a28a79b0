package dev.coherent.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where JavaCPP has already unpacked TensorFlow's native library, so that a JVM can load it from
 * there directly instead of searching the library path and checking the jar first (what the
 * function images do; about 0.1-0.2 s of a cold start).
 */
public final class CachedNatives {
    private CachedNatives() {}

    /**
     * JVM options that load TensorFlow's natives straight from JavaCPP's cache, for a launch whose
     * jars are in {@code libDir}; empty when they are not unpacked yet (JavaCPP then finds and
     * unpacks them itself). JavaCPP names the cache folder after the jar it unpacked, so only the
     * {@code tensorflow-core-native} jar of {@code libDir} counts.
     */
    public static List<String> jvmOptions(Path libDir) {
        return folder(libDir)
                .map(dir -> List.of("-Dorg.bytedeco.javacpp.findLibraries=false", "-Djava.library.path=" + dir))
                .orElse(List.of());
    }

    private static Optional<Path> folder(Path libDir) {
        String configured = System.getProperty("org.bytedeco.javacpp.cachedir");
        Path cache = configured != null
                ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".javacpp", "cache");
        if (!Files.isDirectory(cache) || libDir == null || !Files.isDirectory(libDir)) {
            return Optional.empty();
        }
        try (var jars = Files.list(libDir)) {
            for (Path nativeJar : jars.filter(j -> j.getFileName().toString().contains("tensorflow-core-native-"))
                    .toList()) {
                Path unpacked = cache.resolve(nativeJar.getFileName().toString());
                if (!Files.isDirectory(unpacked)) {
                    continue;
                }
                try (var files = Files.find(
                        unpacked, 8, (p, a) -> p.getFileName().toString().equals("libjnitensorflow.so"))) {
                    Optional<Path> found = files.findFirst();
                    if (found.isPresent()) {
                        return Optional.of(found.get().getParent());
                    }
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
