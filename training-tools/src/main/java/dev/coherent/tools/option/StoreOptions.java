package dev.coherent.tools.option;

import dev.coherent.store.S3Settings;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How to reach an S3-compatible model store, and where to cache copies of remote model sets. */
public final class StoreOptions {
    @Option(
            names = "--s3-endpoint",
            defaultValue = "${env:COHERENT_S3_ENDPOINT}",
            description = "S3-compatible endpoint, e.g. http://localhost:9090 (env COHERENT_S3_ENDPOINT; default AWS).")
    String endpoint;

    @Option(
            names = "--s3-region",
            defaultValue = "${env:AWS_REGION}",
            description = "S3 region (env AWS_REGION; default us-east-1).")
    String region;

    @Option(names = "--s3-path-style", description = "Use path-style S3 addressing (needed by most local S3 servers).")
    boolean pathStyle;

    @Option(
            names = "--cache-dir",
            defaultValue = "${sys:java.io.tmpdir}/coherent-cache",
            description = "Where model sets from S3 are copied (default: ${DEFAULT-VALUE}).")
    Path cacheDir;

    public S3Settings s3() {
        return S3Settings.configured(blankToNull(endpoint), blankToNull(region), pathStyle, null, null);
    }

    public Path cacheDir() {
        return cacheDir;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
