package dev.coherent.tools.option;

import dev.coherent.diffusion.NoiseSchedule;
import dev.coherent.diffusion.SamplerKind;
import dev.coherent.diffusion.SamplerSettings;
import dev.coherent.diffusion.StepVariance;
import dev.coherent.metrics.Divergence;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/**
 * Sampler choice shared by impute, evaluate, audit, cross-validate and evaluate-prioritization.
 *
 * <p>What is left out comes from {@link SamplerSettings#DEFAULT}, the safe default the functions
 * use too: no flags give DDIM over 50 steps with η = 1 and the auto variance; {@code --sampler ddim}
 * alone is that same sampler. Deterministic DDIM ({@code --eta 0}) and the 1000-step DDPM
 * ({@code --sampler ddpm}) run only when asked for.
 */
public final class SamplerOptions {

    @Option(
            names = "--sampler",
            description = "ddim (default: " + SamplerSettings.DEFAULT_STEPS_TEXT
                    + " strided steps) or ddpm (all 1000 steps, the reference; slow).")
    String sampler;

    @Option(
            names = "--steps",
            description = "Denoising steps of ddim (default " + SamplerSettings.DEFAULT_STEPS_TEXT
                    + "); ddpm always uses 1000.")
    Integer steps;

    @Option(
            names = "--eta",
            description = "DDIM stochasticity: 1 (default) DDPM-like, 0 deterministic, which"
                    + " amplifies the errors of a learned model (draws far wider than the data).")
    Double eta;

    @Option(
            names = "--variance",
            description = "Noise per step: auto (default: analytic where the model set"
                    + " measured the validation error of x0, fixed elsewhere), fixed (the schedule's) or analytic (ddim"
                    + " only: adds back that error, which keeps few-step spreads right).")
    String variance;

    /** The settings asked for, {@link SamplerSettings#DEFAULT} filling in what was not. */
    public SamplerSettings settings() {
        return SamplerSettings.of(
                sampler == null ? null : SamplerKind.parse(sampler),
                steps,
                eta,
                variance == null ? null : StepVariance.parse(variance),
                NoiseSchedule.DEFAULT_STEPS);
    }

    /**
     * Prints the divergence warning on {@code err} when any draw diverged: how many, with which
     * settings, and the safe default to use instead; returns whether it printed.
     *
     * @param draws all draws of the run; 0 if unknown
     */
    public static boolean warnIfDiverged(PrintWriter err, long diverged, long draws, SamplerSettings settings) {
        if (diverged <= 0) {
            return false;
        }
        err.println("WARNING: "
                + Divergence.warning(diverged, draws, settings.describe(), SamplerSettings.DEFAULT.describe())
                + " (leave out --sampler, --steps, --eta and --variance for it).");
        err.flush();
        return true;
    }
}
