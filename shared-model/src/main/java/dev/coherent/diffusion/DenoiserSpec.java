package dev.coherent.diffusion;

import java.util.List;

/**
 * Everything that fixes a denoiser's graph: what it generates, from what, and its shape.
 *
 * @param name stable model name, e.g. {@code cna_from_rnaseq} or {@code cna_from_multi}
 * @param role single pair or masked multi-condition
 * @param target generated modality
 * @param targetDim its dimension
 * @param conditions condition modalities, in the cohort's modality order
 * @param conditionDims their dimensions
 * @param network layer shape
 */
public record DenoiserSpec(
        String name,
        DenoiserRole role,
        String target,
        int targetDim,
        List<String> conditions,
        List<Integer> conditionDims,
        DenoiserConfig network) {

    public DenoiserSpec {
        conditions = List.copyOf(conditions);
        conditionDims = List.copyOf(conditionDims);
        if (conditions.size() != conditionDims.size() || conditions.isEmpty()) {
            throw new IllegalArgumentException("need one dimension per condition and at least one condition");
        }
        if (role == DenoiserRole.SINGLE && conditions.size() != 1) {
            throw new IllegalArgumentException("a single-condition model has exactly one condition");
        }
    }

    /** Name of the single-condition model generating {@code target} from {@code condition}. */
    public static String singleName(String target, String condition) {
        return target + "_from_" + condition;
    }

    /** Name of the multi-condition model generating {@code target}. */
    public static String multiName(String target) {
        return target + "_from_multi";
    }

    /** Width of the concatenated condition input. */
    public int conditionWidth() {
        int w = 0;
        for (int d : conditionDims) {
            w += d;
        }
        return w;
    }

    /** Offset of condition {@code i} inside the concatenated condition input. */
    public int conditionOffset(int i) {
        int w = 0;
        for (int k = 0; k < i; k++) {
            w += conditionDims.get(k);
        }
        return w;
    }
}
