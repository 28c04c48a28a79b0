package dev.coherent.functions.common.config;

import dev.coherent.functions.common.upload.UploadService;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The settings every function shares, under the {@code coherent.*} prefix.
 *
 * <p>A function adds its own keys with a second {@code @ConfigMapping(prefix = "coherent")}
 * interface (the imputation function's {@code ImputationConfig}); the two mappings may share a
 * group such as {@code upload}, each declaring its own keys. Each key maps to the usual
 * environment variable ({@code coherent.models.uri} is {@code COHERENT_MODELS_URI}); the module
 * README has the table of keys, defaults and meanings.
 */
@ConfigMapping(prefix = "coherent")
public interface FunctionConfig {

    /** The function's name, reported by the liveness check. */
    @WithDefault("${quarkus.application.name}")
    String functionName();

    Models models();

    S3 s3();

    Limits limits();

    Upload upload();

    Metrics metrics();

    /** Which model set to serve and how to load it. */
    interface Models {
        /** A folder, {@code file:///…} or {@code s3://bucket/prefix}; the default is what {@code coherent quickstart} trains. */
        @WithDefault("quickstart-output/models")
        String uri();

        /** Where a model set from S3 is copied before it is loaded. */
        @WithDefault("${java.io.tmpdir}/coherent-cache")
        String cacheDir();

        /** How long a request waits for a model set that is still loading before it gets a 503. */
        @WithDefault("60s")
        Duration awaitTimeout();

        /** Wait before the first retry of a failed load; each further retry waits twice as long. */
        @WithDefault("1s")
        Duration retryDelay();

        /** The longest wait between two load attempts. */
        @WithDefault("1m")
        Duration maxRetryDelay();

        /**
         * How long the function may run without a servable set before liveness reports DOWN, so
         * that an orchestrator replaces an instance that never got its set.
         */
        @WithDefault("10m")
        Duration liveWithoutSet();

        /**
         * How often the location is checked for a newly published set, which is then loaded in
         * the background and served (live update); {@code 0s} serves the first set for good.
         */
        @WithDefault("60s")
        Duration pollInterval();

        /**
         * How many sets stay loaded: the newest is served, older ones answer requests that pin
         * their version until a newer set pushes them out (each costs its memory).
         */
        @WithDefault("1")
        int retainedVersions();
    }

    /** How to reach S3 (or an S3-compatible server) for s3:// model sets and uploads. */
    interface S3 {
        /** Endpoint override such as {@code http://localhost:9090}; AWS when absent. */
        Optional<String> endpoint();

        /** Signing region; {@code us-east-1} when absent. */
        Optional<String> region();

        /** Path-style addressing ({@code host/bucket/key}), which most S3-compatible servers need. */
        @WithDefault("false")
        boolean pathStyle();

        /** Static credentials (with {@link #secretKey()}); the default AWS credentials chain when absent. */
        Optional<String> accessKey();

        Optional<String> secretKey();
    }

    /** Bounds on every request. */
    interface Limits {
        /** Request body size; more is answered 413. */
        @WithDefault("8M")
        MemorySize maxBodySize();

        /**
         * How long a client has to send a whole request body, however steadily it trickles; a body
         * not complete by then is answered 408 and its connection closed.
         */
        @WithDefault("30s")
        Duration bodyReadTimeout();

        /** Request bodies being received at once; a body beyond it is refused at once with a 503. */
        @WithDefault("64")
        int maxBodyReads();
    }

    /** The S3 upload trigger (see {@link UploadService}). */
    interface Upload {
        /** Only keys under this prefix are processed; others are ignored (so outputs never retrigger). */
        @WithDefault("uploads/")
        String inputPrefix();

        /** Where the outputs go ({@code <output-prefix><name><suffix>}). */
        @WithDefault("outputs/")
        String outputPrefix();

        /** Where {@code <name>.error.json} goes for a file that cannot be processed. */
        @WithDefault("errors/")
        String errorPrefix();

        /** Bucket for outputs and errors; the upload's own bucket when absent. */
        Optional<String> outputBucket();

        /** Where the outputs are staged before upload ({@code /tmp} on Lambda). */
        @WithDefault("${java.io.tmpdir}")
        String workDir();
    }

    /** The functions' own metrics ({@code dev.coherent.functions.common.metrics.CoherentMetrics}). */
    interface Metrics {
        /**
         * Whether each answer also writes one CloudWatch Embedded Metric Format line to stdout
         * (CloudWatch turns it into metrics; Prometheus has nothing to scrape on Lambda). Default:
         * on Lambda only (where {@code AWS_LAMBDA_FUNCTION_NAME} is set).
         */
        Optional<Boolean> emf();

        /** The CloudWatch namespace of those metrics. */
        @WithDefault("Coherent")
        String emfNamespace();
    }
}
