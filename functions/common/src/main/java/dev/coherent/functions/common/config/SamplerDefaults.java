package dev.coherent.functions.common.config;

import dev.coherent.diffusion.SamplerSettings;
import io.smallrye.config.WithDefault;

/**
 * The sampler fields of a function's {@code coherent.defaults} group, the same in every function
 * ({@link SamplerSettings#DEFAULT}): each function's defaults interface extends it.
 */
public interface SamplerDefaults {
    /** {@link SamplerSettings#DEFAULT}'s: ddim. */
    @WithDefault(SamplerSettings.DEFAULT_SAMPLER_TEXT)
    String sampler();

    /** DDIM steps ({@link SamplerSettings#DEFAULT}'s: 50); DDPM always uses the schedule's steps. */
    @WithDefault(SamplerSettings.DEFAULT_STEPS_TEXT)
    int steps();

    /**
     * DDIM stochasticity ({@link SamplerSettings#DEFAULT}'s: 1): DDPM-like. Deterministic 0 amplifies
     * the errors of a learned model, often into draws far wider than the data (diverged).
     */
    @WithDefault(SamplerSettings.DEFAULT_ETA_TEXT)
    double eta();

    /**
     * {@link SamplerSettings#DEFAULT}'s, auto: the analytic variance wherever the set measured it
     * (which keeps 50-step draws as spread as 1000-step ones), the schedule's elsewhere, e.g. in
     * unconditional generation, which has no validation x̂₀ error.
     */
    @WithDefault(SamplerSettings.DEFAULT_VARIANCE_TEXT)
    String variance();
}
