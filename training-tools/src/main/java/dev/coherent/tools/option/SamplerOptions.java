package dev.coherent.tools.option;

import dev.coherent.diffusion.NoiseSchedule;
import dev.coherent.diffusion.RejectionSettings;
import dev.coherent.diffusion.SamplerKind;
import dev.coherent.diffusion.SamplerSettings;
import dev.coherent.diffusion.StepVariance;
import picocli.CommandLine.Option;

/** Sampler choice shared by impute, evaluate and the benchmarks. */
public final class SamplerOptions {
    /** Steps DDIM uses when {@code --steps} is not given. */
    public static final int DEFAULT_DDIM_STEPS = 100;

    @Option(names = "--sampler", defaultValue = "ddpm", description = "ddpm (all 1000 steps, the reference) or ddim.")
    String sampler;

    @Option(names = "--steps", description = "Denoising steps (ddim; default " + DEFAULT_DDIM_STEPS + "). ddpm always uses 1000.")
    Integer steps;

    @Option(names = "--eta", defaultValue = "0", description = "DDIM stochasticity: 0 deterministic, 1 DDPM-like.")
    double eta;

    @Option(names = "--variance", defaultValue = "fixed", description = "Noise per step: fixed (the schedule's),"
            + " analytic (ddim only: adds back the validation error of x0, which keeps few-step spreads right) or auto"
            + " (analytic where the model set measured that error).")
    String variance;

    public SamplerSettings settings() {
        SamplerKind kind = SamplerKind.parse(sampler);
        int n = steps != null ? steps : kind == SamplerKind.DDPM ? NoiseSchedule.DEFAULT_STEPS : DEFAULT_DDIM_STEPS;
        return new SamplerSettings(kind, n, eta, StepVariance.parse(variance), RejectionSettings.DEFAULT);
    }

    /** Sets the defaults programmatically (quickstart). */
    public static SamplerOptions of(String sampler, int steps) {
        SamplerOptions o = new SamplerOptions();
        o.sampler = sampler;
        o.steps = steps;
        o.variance = StepVariance.FIXED.label();
        return o;
    }
}
