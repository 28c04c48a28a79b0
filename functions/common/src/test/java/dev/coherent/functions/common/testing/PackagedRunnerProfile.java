package dev.coherent.functions.common.testing;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The configuration a function's {@code PackagedRunnerIT} profile gives the packaged runner jar (as
 * system properties): the functions' test model set and a cache in the build folder, plus the
 * function's own small defaults. Failsafe sets {@code test-model-set.dir} and {@code test.build.dir}.
 */
public final class PackagedRunnerProfile {
    private PackagedRunnerProfile() {}

    /** The shared keys, then {@code overrides} (e.g. few steps so that the test is quick). */
    public static Map<String, String> config(Map<String, String> overrides) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put(
                "coherent.models.uri",
                Path.of(System.getProperty("test-model-set.dir")).toString());
        config.put(
                "coherent.models.cache-dir",
                Path.of(System.getProperty("test.build.dir"), "it-model-cache").toString());
        config.putAll(overrides);
        return config;
    }
}
