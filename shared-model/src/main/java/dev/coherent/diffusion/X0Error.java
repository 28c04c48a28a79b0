package dev.coherent.diffusion;

import dev.coherent.random.Seeds;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * How far the predicted clean sample x̂₀(x_t) = (x_t − √(1−ᾱ_t)·ε̂)/√ᾱ_t lies from the true x₀, per
 * step: v_t = E‖x₀ − x̂₀‖²/d, measured on held-out patients at a grid of steps and interpolated
 * linearly between them. It is what the analytic step variance adds back ({@link ReverseUpdates}).
 * Measured on held-out data it also covers the models' own error, not only the irreducible
 * uncertainty of x₀ given x_t.
 *
 * @param steps ascending grid of steps, starting at 0 and ending at the schedule's last step
 * @param meanSquare v_t at each grid step, in standardized units
 */
public record X0Error(int[] steps, double[] meanSquare) {

    public X0Error {
        if (steps.length == 0 || steps.length != meanSquare.length) {
            throw new IllegalArgumentException("need one mean square per grid step");
        }
        for (int i = 1; i < steps.length; i++) {
            if (steps[i] <= steps[i - 1]) {
                throw new IllegalArgumentException("grid steps must be ascending");
            }
        }
        for (double v : meanSquare) {
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("mean squares must be finite and non-negative");
            }
        }
        steps = steps.clone();
        meanSquare = meanSquare.clone();
    }

    /**
     * The grid the trainer measures on: every step below {@code stride}, where v_t rises fastest
     * from ~0, then every {@code stride}-th step and the last.
     */
    public static int[] grid(NoiseSchedule schedule, int stride) {
        int last = schedule.steps() - 1;
        java.util.List<Integer> out = new java.util.ArrayList<>();
        for (int t = 0; t < last; t += t < stride ? 1 : stride) {
            out.add(t);
        }
        out.add(last);
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Measures v_t of a predictor at each grid step: noises the true {@code x0} of every row to x_t
     * with seeded noise, predicts (the weighted consensus for several members) and averages the
     * squared error of x̂₀, which is √((1−ᾱ_t)/ᾱ_t)·(ε − ε̂) and so needs no cancellation.
     *
     * <p>v_t is capped at the variance of {@code x0} itself (per feature, averaged): guessing the
     * mean does that well, and near t = T the factor (1−ᾱ_t)/ᾱ_t (~25,000) would otherwise turn a
     * slightly imperfect ε̂ into an absurd uncertainty (Analytic-DPM bounds its variance likewise).
     *
     * @param x0 flat [rows, dim] true values of the generated modality, one per conditioning row
     * @param weights member weights as the sampler gets them ({@code null} for uniform)
     */
    public static X0Error measure(
            NoisePredictor model,
            double[] weights,
            Conditioning conditioning,
            float[] x0,
            NoiseSchedule schedule,
            int[] grid,
            long seed) {
        int rows = conditioning.rows();
        int n = rows * model.dim();
        if (x0.length != n) {
            throw new IllegalArgumentException("need one true value per row and feature");
        }
        double[] w = Ensemble.normalized(weights, model.members());
        float[] eps = new float[n];
        float[] xt = new float[n];
        float[] epsHat = new float[n];
        int[] t = new int[rows];
        double cap = meanVariance(x0, rows, model.dim());
        double[] meanSquare = new double[grid.length];
        for (int g = 0; g < grid.length; g++) {
            SplittableRandom random = new SplittableRandom(Seeds.mix(seed, grid[g]));
            for (int i = 0; i < n; i++) {
                eps[i] = (float) random.nextGaussian();
            }
            Arrays.fill(t, grid[g]);
            schedule.addNoise(x0, eps, t, model.dim(), xt);
            Ensemble.consensus(model.predict(xt, grid[g], conditioning), w, epsHat);
            double sum = 0;
            for (int i = 0; i < n; i++) {
                double d = eps[i] - epsHat[i];
                sum += d * d;
            }
            double ab = schedule.alphaBar(grid[g]);
            meanSquare[g] = Math.min(cap, (1 - ab) / ab * sum / n);
        }
        return new X0Error(grid, meanSquare);
    }

    private static double meanVariance(float[] x0, int rows, int dim) {
        double total = 0;
        for (int j = 0; j < dim; j++) {
            double sum = 0;
            double sq = 0;
            for (int r = 0; r < rows; r++) {
                double v = x0[r * dim + j];
                sum += v;
                sq += v * v;
            }
            double mean = sum / rows;
            total += Math.max(0, sq / rows - mean * mean);
        }
        return total / dim;
    }

    /** v_t, linear between grid steps and constant beyond the ends. */
    public double at(int t) {
        int i = Arrays.binarySearch(steps, t);
        if (i >= 0) {
            return meanSquare[i];
        }
        int hi = -i - 1;
        if (hi == 0) {
            return meanSquare[0];
        }
        if (hi == steps.length) {
            return meanSquare[steps.length - 1];
        }
        double f = (double) (t - steps[hi - 1]) / (steps[hi] - steps[hi - 1]);
        return meanSquare[hi - 1] + f * (meanSquare[hi] - meanSquare[hi - 1]);
    }
}
