package dev.coherent.diffusion;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Reusable buffers of one training batch of a {@link DenoiserTrainer}: rows drawn in the order given,
 * each with a random step, noise and (multi-condition models) condition mask from the trainer's
 * seeded generator.
 */
final class TrainingBatch {
    private final int dim;
    private final int width;
    private final int k;
    private final float[] x0;
    private final float[] eps;
    private final float[] noisy;
    private final int[] stepIdx;
    private final float[] steps;
    private final float[] cond;
    private final float[] mask;

    TrainingBatch(int capacity, DenoiserSpec spec) {
        dim = spec.targetDim();
        width = spec.conditionWidth();
        k = spec.conditions().size();
        x0 = new float[capacity * dim];
        eps = new float[capacity * dim];
        noisy = new float[capacity * dim];
        stepIdx = new int[capacity];
        steps = new float[capacity];
        cond = new float[capacity * width];
        mask = new float[capacity * k];
    }

    void fill(
            DenoiserData data,
            int[] order,
            int start,
            int size,
            SplittableRandom random,
            NoiseSchedule schedule,
            MaskingStrategy masking,
            DenoiserRole role,
            Centering centering) {
        float[] center = centering == null ? null : new float[dim];
        int[] idx = new int[size];
        for (int i = 0; i < size; i++) {
            int r = order[start + i];
            idx[i] = r;
            System.arraycopy(data.target(), r * dim, x0, i * dim, dim);
            System.arraycopy(data.conditions(), r * width, cond, i * width, width);
            stepIdx[i] = random.nextInt(schedule.steps());
            steps[i] = stepIdx[i];
            for (int j = 0; j < dim; j++) {
                eps[i * dim + j] = (float) random.nextGaussian();
            }
            for (int c = 0; c < k; c++) {
                float present = data.presence()[r * k + c];
                boolean keep =
                        role == DenoiserRole.SINGLE || masking == MaskingStrategy.NATURAL || random.nextBoolean();
                mask[i * k + c] = keep ? present : 0f;
            }
            if (centering != null) {
                // The center of the conditions this row shows the model (after masking).
                centering.center(cond, i * width, mask, i * k, center, 0);
                for (int j = 0; j < dim; j++) {
                    x0[i * dim + j] -= center[j];
                }
            }
        }
        int[] st = Arrays.copyOf(stepIdx, size);
        schedule.addNoise(Arrays.copyOf(x0, size * dim), Arrays.copyOf(eps, size * dim), st, dim, noisy);
    }

    float[] noisy(int size) {
        return Arrays.copyOf(noisy, size * dim);
    }

    float[] steps(int size) {
        return Arrays.copyOf(steps, size);
    }

    float[] conditions(int size) {
        return Arrays.copyOf(cond, size * width);
    }

    float[] mask(int size) {
        return Arrays.copyOf(mask, size * k);
    }

    float[] noise(int size) {
        return Arrays.copyOf(eps, size * dim);
    }
}
