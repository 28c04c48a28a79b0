package dev.coherent.modelset;

import dev.coherent.diffusion.DenoiserConfig;
import dev.coherent.diffusion.DenoiserRole;
import dev.coherent.diffusion.DenoiserSpec;
import java.util.List;

/**
 * One denoiser of a model set, as listed in the set's manifest and in its own {@code model.json}.
 *
 * @param validationMse full-denoising validation MSE of the kept checkpoint; ensemble weights use it
 * @param trainingRows rows it was trained on
 * @param files sha256 of every file of the model, keys relative to the model folder (model.json only)
 * @param residual whether it denoises the target less the set's linear prediction from the
 *     conditions it sees (false in sets trained before that existed)
 */
public record ModelEntry(
        String name,
        String role,
        String target,
        int targetDim,
        List<String> conditions,
        List<Integer> conditionDims,
        DenoiserConfig network,
        double validationMse,
        int trainingRows,
        int epochs,
        int bestEpoch,
        double seconds,
        long parameters,
        java.util.Map<String, String> files,
        boolean residual) {

    public DenoiserSpec spec() {
        return new DenoiserSpec(
                name,
                DenoiserRole.valueOf(role.toUpperCase(java.util.Locale.ROOT)),
                target,
                targetDim,
                conditions,
                conditionDims,
                network);
    }

    public ModelEntry withFiles(java.util.Map<String, String> newFiles) {
        return new ModelEntry(
                name,
                role,
                target,
                targetDim,
                conditions,
                conditionDims,
                network,
                validationMse,
                trainingRows,
                epochs,
                bestEpoch,
                seconds,
                parameters,
                newFiles,
                residual);
    }
}
