package dev.coherent.audit;

import dev.coherent.diffusion.Conditioning;
import dev.coherent.diffusion.NoiseSchedule;
import dev.coherent.linear.LinearGaussian;
import dev.coherent.modelset.ModelSet;
import dev.coherent.modelset.PlanSampler;
import dev.coherent.modelset.SamplingPlan;
import dev.coherent.random.Seeds;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The per-record denoising loss, the audit's white-box membership signal: low loss on a record is
 * what a model that memorized it shows.
 *
 * <p>Its one job is that loss. It holds no state and owns nothing: it runs the model set's graph,
 * and the set's creator closes the set.
 */
public final class DenoisingLoss {
    private DenoisingLoss() {}

    /**
     * Per-row denoising loss: for each row, the noise-prediction MSE at each of {@code steps} with a
     * fixed seeded noise, averaged over steps, features and the plan's members (for a linear plan,
     * the squared Mahalanobis distance per feature).
     *
     * @param rows per row, the standardized value of each condition modality present
     * @param targets standardized target value of each row
     * @param steps the diffusion steps to noise each record at
     * @param seed seeds the noise, one stream per row
     */
    public static double[] perRecord(
            ModelSet set,
            SamplingPlan plan,
            List<Map<String, float[]>> rows,
            List<float[]> targets,
            int[] steps,
            long seed) {
        int n = rows.size();
        PlanSampler plans = set.planSampler();
        if (plan.linear()) {
            // The linear model's own per-record loss: the squared Mahalanobis distance per feature.
            LinearGaussian model = set.linearModel(plan);
            double[] loss = new double[n];
            for (int r = 0; r < n; r++) {
                loss[r] = model.mahalanobisPerFeature(plans.linearInput(model, rows.get(r)), targets.get(r));
            }
            return loss;
        }
        int dim = set.modality(plan.target()).dim();
        int m = steps.length;
        NoiseSchedule schedule = set.sampler().schedule();
        Conditioning c = plans.conditioning(plan, rows).repeat(m);
        float[] x = new float[n * m * dim];
        float[] eps = new float[n * m * dim];
        float[] t = new float[n * m];
        int[] ti = new int[n * m];
        float[] x0 = new float[n * m * dim];
        for (int r = 0; r < n; r++) {
            SplittableRandom random = new SplittableRandom(Seeds.mix(seed, r));
            for (int k = 0; k < m; k++) {
                int row = r * m + k;
                t[row] = steps[k];
                ti[row] = steps[k];
                System.arraycopy(targets.get(r), 0, x0, row * dim, dim);
                for (int j = 0; j < dim; j++) {
                    eps[row * dim + j] = (float) random.nextGaussian();
                }
            }
        }
        schedule.addNoise(x0, eps, ti, dim, x);
        double[] loss = new double[n];
        for (int member = 0; member < plan.members().size(); member++) {
            float[] noisy = x;
            if (plan.centered()) {
                // Each member sees the residual around its own center, with the same noise.
                float[] own = plans.memberCenters(plan, member, rows);
                float[] residual = x0.clone();
                for (int row = 0; row < n * m; row++) {
                    for (int j = 0; j < dim; j++) {
                        residual[row * dim + j] -= own[(row / m) * dim + j];
                    }
                }
                noisy = new float[x.length];
                schedule.addNoise(residual, eps, ti, dim, noisy);
            }
            float[] pred =
                    set.graph().epsilon(plan.members().get(member), noisy, t, c.inputs()[member], c.masks()[member]);
            for (int row = 0; row < n * m; row++) {
                double sum = 0;
                for (int j = 0; j < dim; j++) {
                    double d = pred[row * dim + j] - eps[row * dim + j];
                    sum += d * d;
                }
                loss[row / m] += sum / dim;
            }
        }
        for (int r = 0; r < n; r++) {
            loss[r] /= (double) m * plan.members().size();
        }
        return loss;
    }
}
