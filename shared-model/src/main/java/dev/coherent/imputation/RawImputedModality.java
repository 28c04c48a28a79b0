package dev.coherent.imputation;

import java.util.List;

/**
 * One imputed modality of one patient in preprocessed units (log2 CPM, calls, centered RPPA ...):
 * every latent draw decoded, then summarized, so the spread carries the sampler's uncertainty
 * through the decoder.
 *
 * @param features the kept features of the modality, in the order of the arrays
 * @param mean mean of the decoded draws
 * @param std population standard deviation of the decoded draws
 * @param lower lower bound of the central interval of the decoded draws
 * @param upper upper bound of the central interval
 * @param method the method that answered: single, coherent or multi
 * @param rejected draws whose first attempt Coherent Denoising rejected (then regenerated)
 * @param diverged draws that diverged, judged on the codes before decoding
 *     ({@link dev.coherent.metrics.Divergence}): all of them, or 0
 * @param samples every decoded draw [draw][feature] when asked for, else {@code null}
 * @param latent the imputed code and its summary when asked for, else {@code null}
 */
public record RawImputedModality(
        List<String> features,
        float[] mean,
        float[] std,
        float[] lower,
        float[] upper,
        String method,
        int draws,
        int rejected,
        int diverged,
        float[][] samples,
        ImputedModality latent) {}
