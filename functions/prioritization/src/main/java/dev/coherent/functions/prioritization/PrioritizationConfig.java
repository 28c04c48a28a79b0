package dev.coherent.functions.prioritization;

import dev.coherent.functions.common.config.FunctionConfig;
import dev.coherent.functions.common.config.SamplerDefaults;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Map;

/**
 * The prioritization function's own settings, under the {@code coherent.*} prefix: limits, request
 * defaults (label, score, costs, sampler) and the upload seed and chunk size. The settings every
 * function shares (model set, S3, body size, upload prefixes) are in {@link FunctionConfig}, under
 * the same prefix.
 *
 * <p>Each key maps to the usual environment variable ({@code coherent.limits.max-patients} is
 * {@code COHERENT_LIMITS_MAX_PATIENTS}); the README has the table of keys, defaults and meanings.
 */
@ConfigMapping(prefix = "coherent")
public interface PrioritizationConfig {

    Limits limits();

    Defaults defaults();

    Upload upload();

    /** Bounds on what one request may ask for ({@code max-body-size} is in {@link FunctionConfig.Limits}). */
    interface Limits {
        /** Patients per request; more is answered 413. */
        @WithDefault("256")
        int maxPatients();

        /** Draws per patient and candidate modality. */
        @WithDefault("100")
        int maxDraws();

        /** Denoising steps (DDPM always runs the schedule's steps, so it needs this to be at least that). */
        @WithDefault("1000")
        int maxSteps();
    }

    /** What a request gets for each field it leaves out (and what S3 uploads always get). */
    interface Defaults extends SamplerDefaults {
        /** The label whose classifier judges the predictions; the model set must have its classifier. */
        @WithDefault("stage")
        String label();

        /** The score that ranks: {@code disagreement} or {@code variance}. */
        @WithDefault("disagreement")
        String score();

        @WithDefault("auto")
        String method();

        @WithDefault("10")
        int draws();

        /**
         * Cost of measuring each modality ({@code coherent.defaults.costs.wsi=0.3}), for requests
         * without {@code costs} and for uploads; a modality not listed costs 1.
         */
        Map<String, Double> costs();
    }

    /** How uploads are scored (prefixes, output bucket and work folder are in {@link FunctionConfig.Upload}). */
    interface Upload {
        /** Seed of every upload's draws, so that a rerun gives the same ranking. */
        @WithDefault("42")
        long seed();

        /** Patients scored at once; bounds the memory of the model inputs for large files. */
        @WithDefault("256")
        int chunkSize();
    }
}
