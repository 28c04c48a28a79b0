package dev.coherent.modelset;

import dev.coherent.diffusion.X0Error;
import java.util.List;

/**
 * The models that answer one (target, condition set) query and how they are combined.
 *
 * @param method {@code single}, {@code coherent}, {@code multi} or {@code linear}
 * @param members denoiser names, in condition order (none for a linear plan)
 * @param weights ensemble weights (softmax of 1/validation MSE), one per member
 * @param x0Error the plan's held-out x̂₀ error for the analytic step variance; {@code null} when
 *     the set has none for this query (older sets, unconditional queries)
 * @param centered whether the members denoise residuals around the set's linear predictions
 * @param intervals the conformal calibration of the plan's intervals, one table per draw count;
 *     empty when the set has none for this query (older sets, unconditional queries)
 */
public record SamplingPlan(
        String target,
        List<String> conditions,
        String method,
        List<String> members,
        double[] weights,
        X0Error x0Error,
        boolean centered,
        List<IntervalCalibration> intervals) {

    public SamplingPlan {
        intervals = intervals == null ? List.of() : List.copyOf(intervals);
    }

    /** A plan without interval calibration. */
    public SamplingPlan(
            String target,
            List<String> conditions,
            String method,
            List<String> members,
            double[] weights,
            X0Error x0Error,
            boolean centered) {
        this(target, conditions, method, members, weights, x0Error, centered, List.of());
    }

    /**
     * The conformal multiplier of this plan's intervals for {@code draws} draws at {@code level}, or
     * {@code NaN} when the set cannot calibrate them (see {@link IntervalCalibration#multiplier}).
     */
    public double intervalMultiplier(int draws, double level) {
        return IntervalCalibration.multiplier(intervals, draws, level);
    }

    public static final String SINGLE = "single";
    public static final String COHERENT = "coherent";
    public static final String MULTI = "multi";
    public static final String LINEAR = "linear";

    /** Whether the linear-Gaussian model answers this plan (no denoiser, no sampler settings). */
    public boolean linear() {
        return method.equals(LINEAR);
    }
}
