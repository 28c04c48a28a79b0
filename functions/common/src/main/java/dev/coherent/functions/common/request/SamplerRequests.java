package dev.coherent.functions.common.request;

import dev.coherent.diffusion.RejectionSettings;
import dev.coherent.diffusion.SamplerKind;
import dev.coherent.diffusion.SamplerSettings;
import dev.coherent.diffusion.StepVariance;
import dev.coherent.functions.common.config.SamplerDefaults;
import dev.coherent.functions.common.problem.CommonProblemType;
import dev.coherent.functions.common.problem.ProblemException;
import dev.coherent.modelset.ModelSet;

/**
 * Reads the sampler fields every function's requests share ({@code sampler}, {@code steps},
 * {@code eta}, {@code variance}) against the function's defaults and step limit, refusing
 * out-of-range values with an invalid-request problem that names the field.
 */
public final class SamplerRequests {
    /** The request fields' OpenAPI descriptions, the same in every function. */
    public static final String SAMPLER_DOC =
            "ddim (the default, the safe default's sampler) or ddpm (all steps of the schedule, only when asked for).";

    public static final String STEPS_DOC = "DDIM steps (DDPM always runs every step of the schedule).";
    public static final String ETA_DOC = "DDIM stochasticity between 0 (deterministic, which amplifies a learned"
            + " model's errors, often into diverged draws) and 1 (the default).";
    public static final String VARIANCE_DOC = "Noise of each DDIM step: analytic (adds back the validation error of"
            + " the predicted x0, which keeps few-step draws as spread as 1000-step ones and intervals calibrated),"
            + " fixed (the schedule's) or auto (analytic wherever the model set measured that error, fixed elsewhere).";

    private SamplerRequests() {}

    /**
     * The sampler for a request; {@code null} fields take the defaults. DDPM always runs every step
     * of the set's schedule, so it is refused when that is above {@code maxSteps}; DDIM steps must
     * lie in 1..min(maxSteps, schedule steps), and {@code eta} in [0, 1]. The analytic variance
     * needs DDIM and a model set that measured its x̂₀ errors; {@code auto} uses it where it can.
     *
     * @throws ProblemException {@link CommonProblemType#INVALID_REQUEST} naming the field
     */
    public static SamplerSettings settings(
            ModelSet set,
            String name,
            Integer steps,
            Double eta,
            String variance,
            SamplerDefaults defaults,
            int maxSteps) {
        SamplerKind kind;
        try {
            kind = SamplerKind.parse(name != null ? name : defaults.sampler());
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
        int scheduleSteps = set.sampler().schedule().steps();
        int allowed = Math.min(maxSteps, scheduleSteps);
        int n;
        if (kind == SamplerKind.DDPM) {
            if (steps != null && steps != scheduleSteps) {
                throw invalid("steps: ddpm always runs all " + scheduleSteps + " steps of the schedule, got " + steps
                        + "; leave steps out or use the ddim sampler");
            }
            if (scheduleSteps > maxSteps) {
                throw invalid("sampler: ddpm runs " + scheduleSteps + " steps, above this service's limit of "
                        + maxSteps + "; use the ddim sampler");
            }
            n = scheduleSteps;
        } else {
            n = steps != null ? steps : Math.min(defaults.steps(), allowed);
            if (n < 1 || n > allowed) {
                throw invalid("steps must be between 1 and " + allowed + ", got " + n);
            }
        }
        double e = eta != null ? eta : defaults.eta();
        if (!(e >= 0 && e <= 1)) {
            throw invalid("eta must be between 0 and 1, got " + e);
        }
        return new SamplerSettings(
                kind,
                n,
                kind == SamplerKind.DDPM ? 0 : e,
                variance(set, kind, variance, defaults),
                RejectionSettings.DEFAULT);
    }

    private static StepVariance variance(ModelSet set, SamplerKind kind, String requested, SamplerDefaults defaults) {
        StepVariance v;
        try {
            v = StepVariance.parse(requested != null ? requested : defaults.variance());
        } catch (IllegalArgumentException e) {
            throw invalid("variance: " + e.getMessage());
        }
        if (v == StepVariance.ANALYTIC && kind != SamplerKind.DDIM) {
            throw invalid("variance: analytic applies to the ddim sampler only; use auto or fixed");
        }
        if (v == StepVariance.ANALYTIC && !set.hasX0Errors()) {
            throw invalid("variance: model set " + set.version() + " has no validation x0 errors (it was trained"
                    + " before the analytic variance existed); use auto or fixed, or add them with coherent calibrate");
        }
        return v;
    }

    private static ProblemException invalid(String detail) {
        return new ProblemException(CommonProblemType.INVALID_REQUEST, detail);
    }
}
