package dev.coherent.functions.imputation;

import dev.coherent.functions.common.config.FunctionConfig;
import dev.coherent.functions.common.config.SamplerDefaults;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The imputation function's own settings, under the {@code coherent.*} prefix: limits, request
 * defaults, the privacy gate and the upload seed and chunk size. The settings every function
 * shares (model set, S3, body size, upload prefixes) are in {@link FunctionConfig}, under the same
 * prefix.
 *
 * <p>Each key maps to the usual environment variable ({@code coherent.limits.max-patients} is
 * {@code COHERENT_LIMITS_MAX_PATIENTS}); the README has the table of keys, defaults and meanings.
 */
@ConfigMapping(prefix = "coherent")
public interface ImputationConfig {

    Limits limits();

    Defaults defaults();

    Privacy privacy();

    Upload upload();

    OutOfDistribution ood();

    /** What to do with a patient whose provided modalities are unlike the training data. */
    interface OutOfDistribution {
        /**
         * {@code flag} (the default): impute and say so in the answer's {@code ood}; {@code refuse}:
         * answer 422 naming the patient and the modality (uploads are always flagged, never refused).
         */
        @WithDefault("flag")
        String policy();
    }

    /** Bounds on what one request may ask for ({@code max-body-size} is in {@link FunctionConfig.Limits}). */
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
    }

    /** What a request gets for each field it leaves out (and what S3 uploads always get). */
    interface Defaults extends SamplerDefaults {
        @WithDefault("auto")
        String method();

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

    /** How uploads are imputed (prefixes, output bucket and work folder are in {@link FunctionConfig.Upload}). */
    interface Upload {
        /** Seed of every upload's draws, so that a rerun gives the same numbers. */
        @WithDefault("42")
        long seed();

        /** Patients imputed at once; bounds memory for large files. */
        @WithDefault("256")
        int chunkSize();
    }
}
