package dev.coherent.functions.imputation;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Every setting of the imputation function, under the {@code coherent.*} prefix.
 *
 * <p>Each key maps to the usual environment variable ({@code coherent.models.uri} is
 * {@code COHERENT_MODELS_URI}); the README has the table of keys, defaults and meanings.
 */
@ConfigMapping(prefix = "coherent")
public interface ImputationConfig {

    Models models();

    S3 s3();

    Limits limits();

    Defaults defaults();

    Privacy privacy();

    Upload upload();

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

    /** Bounds on what one request may ask for. */
    interface Limits {
        /** Patients per request; more is answered 413. */
        @WithDefault("256")
        int maxPatients();

        /** Draws per patient and target. */
        @WithDefault("100")
        int maxDraws();

        /** Denoising steps (DDPM always runs the schedule's steps, so it needs this to be at least that). */
        @WithDefault("1000")
        int maxSteps();

        /** Request body size; more is answered 413. */
        @WithDefault("8M")
        MemorySize maxBodySize();
    }

    /** What a request gets for each field it leaves out (and what S3 uploads always get). */
    interface Defaults {
        @WithDefault("auto")
        String method();

        @WithDefault("ddim")
        String sampler();

        /** DDIM steps; DDPM always uses the schedule's steps. */
        @WithDefault("50")
        int steps();

        /** DDIM stochasticity: 1 is DDPM-like and measurably better than deterministic 0 on learned models. */
        @WithDefault("1.0")
        double eta();

        @WithDefault("10")
        int draws();

        @WithDefault("0.9")
        double interval();
    }

    /** The privacy gate. */
    interface Privacy {
        /**
         * Whether a patient with no observed modality may be imputed. Off: such a patient is refused
         * (422), because unconditional generation is what the privacy audit measures, not a service.
         */
        @WithDefault("false")
        boolean allowUnconditional();
    }

    /** The S3 upload trigger. */
    interface Upload {
        /** Only keys under this prefix are imputed; others are ignored (so outputs never retrigger). */
        @WithDefault("uploads/")
        String inputPrefix();

        /** Where {@code <name>.imputed.tsv} and {@code <name>.report.json} go. */
        @WithDefault("imputed/")
        String outputPrefix();

        /** Where {@code <name>.error.json} goes for a file that cannot be processed. */
        @WithDefault("errors/")
        String errorPrefix();

        /** Bucket for outputs and errors; the upload's own bucket when absent. */
        Optional<String> outputBucket();

        /** Seed of every upload's draws, so that a rerun gives the same numbers. */
        @WithDefault("42")
        long seed();

        /** Patients imputed at once; bounds memory for large files. */
        @WithDefault("256")
        int chunkSize();

        /** Where the outputs are staged before upload ({@code /tmp} on Lambda). */
        @WithDefault("${java.io.tmpdir}")
        String workDir();
    }
}
