package dev.coherent.functions.audit;

import dev.coherent.functions.common.config.FunctionConfig;
import dev.coherent.functions.common.config.SamplerDefaults;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/**
 * The privacy-audit function's own settings, under the {@code coherent.*} prefix: where the audit
 * reference and the reports live, the job queue, request defaults and limits, and the verdict
 * thresholds. The settings every function shares (model set, S3, body size, upload prefix) are in
 * {@link FunctionConfig}, under the same prefix.
 *
 * <p>Each key maps to the usual environment variable ({@code coherent.thresholds.max-mia-auc} is
 * {@code COHERENT_THRESHOLDS_MAX_MIA_AUC}); the README has the table of keys, defaults and meanings.
 */
@ConfigMapping(prefix = "coherent")
public interface PrivacyAuditConfig {

    Audit audit();

    Defaults defaults();

    Limits limits();

    Thresholds thresholds();

    Trigger trigger();

    /** Where audits read and write, and how many run at once. */
    interface Audit {
        /** The served set's audit reference; {@code <coherent.models.uri>-audit-reference} when absent. */
        Optional<String> referenceUri();

        /** Where {@code POST /v1/audits} writes {@code <id>/report.json|html}; {@code <coherent.models.uri>-audits} when absent. */
        Optional<String> outputUri();

        /** Audits running at once; each uses every core TensorFlow gets, so one is the sensible default. */
        @WithDefault("1")
        int concurrency();

        /** Audits waiting for a free runner; more are answered 429. */
        @WithDefault("4")
        int queueSize();

        /** Finished audits whose status stays answerable by id (their reports stay in the store regardless). */
        @WithDefault("100")
        int retained();

        /** Draws per patient in the conditional, record-level check. */
        @WithDefault("4")
        int conditionalDraws();
    }

    /** What a request gets for each field it leaves out (and what triggered audits always get). */
    interface Defaults extends SamplerDefaults {
        @WithDefault("coherent,multi,linear")
        List<String> methods();

        /** Unconditional samples per target and method. */
        @WithDefault("1000")
        int samples();

        /** Neighbours of the k-NN manifolds (10 as the reference). */
        @WithDefault("10")
        int k();

        @WithDefault("42")
        long seed();
    }

    /** Bounds on what one request may ask for ({@code max-body-size} is in {@link FunctionConfig.Limits}). */
    interface Limits {
        @WithDefault("5000")
        int maxSamples();

        @WithDefault("100")
        int maxK();

        /** Denoising steps (DDPM always runs the schedule's steps, so it needs this to be at least that). */
        @WithDefault("1000")
        int maxSteps();
    }

    /** The verdict: a model set passes when every method and target stays within all of these. */
    interface Thresholds {
        /** Highest k-NN manifold F1 of unconditional generations against training records. */
        @WithDefault("0.05")
        double maxUnconditionalF1();

        /** Highest membership-inference AUC (0.5 = no signal). */
        @WithDefault("0.60")
        double maxMiaAuc();

        /** Highest share of generations closer to a training than to a holdout record (0.5 ideal). */
        @WithDefault("0.60")
        double maxDcrShare();

        /** Highest conditional imputation R² on training minus holdout patients. */
        @WithDefault("0.05")
        double maxR2Gap();
    }

    /** The manifest-upload trigger (the keys it watches are under {@code coherent.upload.input-prefix}). */
    interface Trigger {
        /** Folder under a triggered model set where {@code report.json}, {@code report.html} or {@code error.json} go. */
        @WithDefault("audit")
        String reportFolder();
    }
}
