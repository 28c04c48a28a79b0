package dev.coherent.imputation;

/**
 * One imputed modality of one patient, in data units: the mean of the draws, their per-feature
 * standard deviation and central interval.
 *
 * @param lower the interval's lower bound per feature: the draws' mean − q × their std when
 *     {@code calibrated}, else the draws' own quantile
 * @param upper the upper bound, likewise
 * @param calibrated whether the interval is the model set's conformal calibration for this target,
 *     condition set, method and number of draws (its level then holds on held-out patients), or the
 *     raw central interval of the draws (sets without calibration, too few draws, raw space)
 * @param method the method that answered: single, coherent or multi
 * @param rejected draws whose first attempt Coherent Denoising rejected (then regenerated)
 * @param diverged draws that diverged: all of them when their spread is far beyond the training
 *     data's ({@link dev.coherent.metrics.Divergence}), else 0
 * @param samples every draw [draw][feature] when asked for, else {@code null}
 */
public record ImputedModality(
        float[] mean,
        float[] std,
        float[] lower,
        float[] upper,
        boolean calibrated,
        String method,
        int draws,
        int rejected,
        int diverged,
        float[][] samples) {}
