package dev.coherent.modelset;

import java.util.List;

/**
 * The models that answer one (target, condition set) query and how they are combined.
 *
 * @param method {@code single}, {@code coherent} or {@code multi}
 * @param members denoiser names, in condition order
 * @param weights ensemble weights (softmax of 1/validation MSE), one per member
 */
public record SamplingPlan(String target, List<String> conditions, String method, List<String> members,
        double[] weights) {
    public static final String SINGLE = "single";
    public static final String COHERENT = "coherent";
    public static final String MULTI = "multi";
}
