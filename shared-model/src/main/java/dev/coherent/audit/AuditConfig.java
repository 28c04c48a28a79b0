package dev.coherent.audit;

import dev.coherent.diffusion.SamplerSettings;
import dev.coherent.modelset.ImputationMethod;
import java.util.List;

/**
 * How an audit runs.
 *
 * @param methods which generators to audit (coherent, multi, linear)
 * @param samples unconditional samples generated per target and method
 * @param k neighbourhood size of the manifold precision/recall (10 as the reference)
 * @param miaSteps noise levels t at which per-record denoising losses are measured
 * @param conditionalDraws draws per patient of the conditional record-level check
 */
public record AuditConfig(
        List<ImputationMethod> methods,
        int samples,
        int k,
        long seed,
        SamplerSettings sampler,
        int[] miaSteps,
        int conditionalDraws,
        AuditThresholds thresholds) {
    public static final int DEFAULT_SAMPLES = 1000;
    public static final int DEFAULT_K = 10;
    public static final int[] DEFAULT_MIA_STEPS = {10, 50, 100, 200, 400};

    public AuditConfig {
        methods = List.copyOf(methods);
        if (samples <= k || k < 1) {
            throw new IllegalArgumentException("need k >= 1 and more samples than k");
        }
        if (conditionalDraws < 1) {
            throw new IllegalArgumentException("conditional draws must be at least 1");
        }
    }

    public static AuditConfig defaults(SamplerSettings sampler, long seed) {
        return new AuditConfig(
                List.of(ImputationMethod.COHERENT, ImputationMethod.MULTI, ImputationMethod.LINEAR),
                DEFAULT_SAMPLES,
                DEFAULT_K,
                seed,
                sampler,
                DEFAULT_MIA_STEPS,
                4,
                AuditThresholds.DEFAULT);
    }
}
