package dev.coherent.modelset;

import dev.coherent.diffusion.Centering;
import dev.coherent.diffusion.DenoiserRole;
import dev.coherent.diffusion.DenoiserSpec;
import dev.coherent.linear.LinearGaussian;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Linear predictions as the centers of residual denoisers: in training, the center of each row is
 * the linear model of the conditions the denoiser sees in it; in sampling, the plan's rows are
 * sampled around the linear prediction from the plan's conditions, and each ensemble member is
 * shifted to its own center ({@link dev.coherent.diffusion.OffsetEnsemble}).
 */
final class LinearCenters {
    private LinearCenters() {}

    /**
     * The centering of a denoiser, or {@code null} when some condition set it can see has no linear
     * model (too few training patients), in which case it learns the target itself.
     *
     * @param linear the linear model of (target, conditions in modality order), or null
     */
    static Centering forDenoiser(DenoiserSpec spec, BiFunction<String, List<String>, LinearGaussian> linear) {
        List<String> conditions = spec.conditions();
        int k = conditions.size();
        // Every visible set the denoiser meets: its one condition, or any subset for a multi model.
        LinearGaussian[] bySubset = new LinearGaussian[1 << k];
        for (int bits = 0; bits < bySubset.length; bits++) {
            if (spec.role() == DenoiserRole.SINGLE && bits != 1) {
                continue;
            }
            List<String> visible = new ArrayList<>();
            for (int c = 0; c < k; c++) {
                if ((bits & (1 << c)) != 0) {
                    visible.add(conditions.get(c));
                }
            }
            bySubset[bits] = linear.apply(spec.target(), visible);
            if (bySubset[bits] == null) {
                return null;
            }
        }
        int width = spec.conditionWidth();
        return (cond, offset, mask, maskOffset, out, outOffset) -> {
            int bits = 0;
            int inputs = 0;
            for (int c = 0; c < k; c++) {
                if (mask[maskOffset + c] > 0) {
                    bits |= 1 << c;
                    inputs += spec.conditionDims().get(c);
                }
            }
            float[] x = new float[inputs];
            int o = 0;
            for (int c = 0; c < k; c++) {
                if ((bits & (1 << c)) != 0) {
                    int d = spec.conditionDims().get(c);
                    System.arraycopy(cond, offset + spec.conditionOffset(c), x, o, d);
                    o += d;
                }
            }
            float[] mean = bySubset[bits].mean(x);
            System.arraycopy(mean, 0, out, outOffset, mean.length);
        };
    }

    /**
     * Per row, the linear prediction from {@code conditions} (flat [rows, dim]); a condition a row
     * lacks counts as zeros, the training mean, as unconditional pair models see it.
     */
    static float[] centers(LinearGaussian model, List<Map<String, float[]>> rows, int[] conditionDims) {
        int dim = model.dim();
        float[] out = new float[rows.size() * dim];
        Map<Map<String, float[]>, float[]> seen = new java.util.IdentityHashMap<>();
        for (int r = 0; r < rows.size(); r++) {
            // Draws of one patient share its row object: one prediction each.
            float[] mean = seen.computeIfAbsent(rows.get(r), row -> model.mean(input(model, row, conditionDims)));
            System.arraycopy(mean, 0, out, r * dim, dim);
        }
        return out;
    }

    /** A row's input to a linear model: its conditions concatenated, zeros for one the row lacks. */
    static float[] input(LinearGaussian model, Map<String, float[]> row, int[] conditionDims) {
        float[] x = new float[model.inputDim()];
        int o = 0;
        for (int c = 0; c < model.conditions().size(); c++) {
            float[] v = row.get(model.conditions().get(c));
            if (v != null) {
                System.arraycopy(v, 0, x, o, v.length);
            }
            o += conditionDims[c];
        }
        return x;
    }
}
