package dev.coherent.diffusion;

import dev.coherent.random.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Runs the reverse process over a {@link NoisePredictor}: single, multi and Coherent Denoising.
 *
 * <p>A one-member predictor is plain conditional sampling. With several members the step uses the
 * weighted consensus of their noise predictions and scores each row's coherence; rows that are
 * incoherent on too many steps are regenerated (Coherent Denoising, reference-method.md §6).
 *
 * <p>Randomness is per row: row r draws its starting noise and step noise from a generator seeded
 * by {@code rowSeeds[r]} and the attempt number, so a row's sample does not depend on which other
 * rows share its batch. Thread-safe: holds no mutable state.
 *
 * <p>Optionally, small batches run the whole plan in one call when the predictor can unroll it into
 * one graph ({@link FusedReverseGraph}), with the same noise: there a session call per step costs
 * several times the step's arithmetic, but each new plan costs seconds to build, so it is off by
 * default (docs/results/performance.md).
 */
public final class DiffusionSampler {
    private final NoiseSchedule schedule;
    private final int maxFusedRows;

    /** A sampler that steps in Java. */
    public DiffusionSampler(NoiseSchedule schedule) {
        this(schedule, 0);
    }

    /** @param maxFusedRows largest batch to run fused when the predictor can; 0 always steps in Java */
    public DiffusionSampler(NoiseSchedule schedule, int maxFusedRows) {
        this.schedule = schedule;
        this.maxFusedRows = maxFusedRows;
    }

    public NoiseSchedule schedule() {
        return schedule;
    }

    /**
     * Generated rows with their rejection bookkeeping.
     *
     * @param values flat [rows, dim] samples
     * @param attempts attempts used per row (1 = accepted at once)
     * @param badFraction fraction of incoherent steps of the kept attempt (0 for one member)
     * @param accepted false when every attempt was rejected and the best one was kept
     */
    public record Samples(float[] values, int rows, int dim, int[] attempts, double[] badFraction, boolean[] accepted) {

        /** Rows whose first attempt was rejected. */
        public int rejectedRows() {
            int n = 0;
            for (int a : attempts) {
                if (a > 1) {
                    n++;
                }
            }
            return n;
        }

        public float[] row(int r) {
            float[] out = new float[dim];
            System.arraycopy(values, r * dim, out, 0, dim);
            return out;
        }
    }

    /**
     * Samples one row per conditioning row.
     *
     * @param weights member weights (normalized here); ignored for one member
     * @param rowSeeds one seed per row
     */
    public Samples sample(
            NoisePredictor model,
            double[] weights,
            Conditioning conditioning,
            long[] rowSeeds,
            SamplerSettings settings) {
        return sample(model, weights, conditioning, rowSeeds, null, settings);
    }

    /**
     * Samples with a sign per row applied to all of that row's noise: two rows with the same seed
     * and opposite signs are an antithetic pair, whose average has far less Monte Carlo noise than
     * two independent draws while each remains a draw from the model.
     *
     * @param noiseSigns +1 or −1 per row; {@code null} for all +1
     */
    public Samples sample(
            NoisePredictor model,
            double[] weights,
            Conditioning conditioning,
            long[] rowSeeds,
            float[] noiseSigns,
            SamplerSettings settings) {
        return sample(model, weights, conditioning, rowSeeds, noiseSigns, settings, null);
    }

    /**
     * As above, with the models' held-out x̂₀ error, which the analytic step variance needs.
     *
     * @param x0Error the error of this predictor and conditioning; may be null unless
     *     {@code requested} asks for {@link StepVariance#ANALYTIC}
     */
    public Samples sample(
            NoisePredictor model,
            double[] weights,
            Conditioning conditioning,
            long[] rowSeeds,
            float[] noiseSigns,
            SamplerSettings requested,
            X0Error x0Error) {
        SamplerSettings settings = requested.resolved(x0Error != null);
        int rows = conditioning.rows();
        if (rowSeeds.length != rows) {
            throw new IllegalArgumentException("need one seed per row");
        }
        ReverseUpdates.Step[] steps = ReverseUpdates.plan(schedule, stepsFor(settings), settings, x0Error);
        int dim = model.dim();
        double[] w = Ensemble.normalized(weights, model.members());
        RejectionSettings rejection = model.members() > 1 ? settings.rejection() : RejectionSettings.NONE;

        float[] best = new float[rows * dim];
        double[] bestBad = new double[rows];
        int[] attempts = new int[rows];
        boolean[] accepted = new boolean[rows];
        java.util.Arrays.fill(bestBad, Double.POSITIVE_INFINITY);

        int[] pending = new int[rows];
        for (int r = 0; r < rows; r++) {
            pending[r] = r;
        }
        for (int attempt = 1; attempt <= rejection.maxAttempts() && pending.length > 0; attempt++) {
            Conditioning c = pending.length == rows ? conditioning : conditioning.select(pending);
            long[] seeds = new long[pending.length];
            float[] signs = new float[pending.length];
            for (int i = 0; i < pending.length; i++) {
                seeds[i] = Seeds.mix(rowSeeds[pending[i]], attempt);
                signs[i] = noiseSigns == null ? 1f : noiseSigns[pending[i]];
            }
            Run run = runOnce(model, w, c, seeds, signs, steps, settings, rejection.distanceThreshold());
            List<Integer> still = new ArrayList<>();
            for (int i = 0; i < pending.length; i++) {
                int r = pending[i];
                attempts[r] = attempt;
                boolean ok = run.badFraction[i] <= rejection.maxBadFraction();
                // Keep the best attempt so far; the reference's "strictly better than 1.0" start could
                // return zeros when every attempt was fully incoherent, this cannot.
                if (run.badFraction[i] < bestBad[r] || attempt == 1) {
                    bestBad[r] = run.badFraction[i];
                    System.arraycopy(run.values, i * dim, best, r * dim, dim);
                }
                if (ok) {
                    accepted[r] = true;
                } else {
                    still.add(r);
                }
            }
            pending = still.stream().mapToInt(Integer::intValue).toArray();
        }
        return new Samples(best, rows, dim, attempts, bestBad, accepted);
    }

    /** The descending steps a sampler visits. */
    public int[] stepsFor(SamplerSettings settings) {
        if (settings.kind() == SamplerKind.DDPM) {
            if (settings.steps() != schedule.steps()) {
                throw new IllegalArgumentException(
                        "ddpm runs all " + schedule.steps() + " steps; use the ddim sampler for fewer steps");
            }
            return schedule.stridedSteps(schedule.steps());
        }
        return schedule.stridedSteps(settings.steps());
    }

    private record Run(float[] values, double[] badFraction) {}

    private Run runOnce(
            NoisePredictor model,
            double[] w,
            Conditioning c,
            long[] seeds,
            float[] signs,
            ReverseUpdates.Step[] steps,
            SamplerSettings settings,
            double threshold) {
        int rows = c.rows();
        int dim = model.dim();
        int n = rows * dim;
        SplittableRandom[] rng = new SplittableRandom[rows];
        float[] x = new float[n];
        for (int r = 0; r < rows; r++) {
            rng[r] = new SplittableRandom(seeds[r]);
            fillGaussian(rng[r], signs[r], x, r * dim, dim);
        }
        boolean stochastic = settings.stochastic();
        Optional<FusedReverseGraph> fused =
                fusable(rows, steps) ? model.fused(steps, stochastic, threshold) : Optional.empty();
        if (fused.isPresent()) {
            return runFused(fused.get(), w, c, rng, signs, x, dim);
        }
        float[] eps = new float[n];
        float[] z = new float[n];
        int[] badSteps = new int[rows];
        for (int k = 0; k < steps.length; k++) {
            float[][] pred = model.predict(x, steps[k].t(), c);
            Ensemble.consensus(pred, w, eps);
            if (pred.length > 1) {
                Ensemble.countIncoherent(pred, w, rows, dim, threshold, badSteps);
            }
            boolean last = k == steps.length - 1;
            if (stochastic && !last) {
                for (int r = 0; r < rows; r++) {
                    fillGaussian(rng[r], signs[r], z, r * dim, dim);
                }
            }
            steps[k].apply(x, eps, stochastic && !last ? z : null, x, n);
        }
        double[] bad = new double[rows];
        for (int r = 0; r < rows; r++) {
            bad[r] = (double) badSteps[r] / steps.length;
        }
        return new Run(x, bad);
    }

    private boolean fusable(int rows, ReverseUpdates.Step[] steps) {
        return rows <= maxFusedRows && steps.length <= FusedReverseGraph.MAX_STEPS;
    }

    /** One fused call; the step noise is drawn per row in the order the Java loop draws it. */
    private static Run runFused(
            FusedReverseGraph graph,
            double[] w,
            Conditioning c,
            SplittableRandom[] rng,
            float[] signs,
            float[] start,
            int dim) {
        int rows = c.rows();
        float[] stepNoise = new float[graph.noisySteps() * rows * dim];
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < graph.noisySteps(); k++) {
                fillGaussian(rng[r], signs[r], stepNoise, (k * rows + r) * dim, dim);
            }
        }
        FusedReverseGraph.Run run = graph.run(start, stepNoise, w, c);
        double[] bad = new double[rows];
        for (int r = 0; r < rows; r++) {
            bad[r] = (double) run.incoherentSteps()[r] / graph.steps();
        }
        return new Run(run.values(), bad);
    }

    private static void fillGaussian(SplittableRandom rng, float sign, float[] out, int offset, int length) {
        for (int i = 0; i < length; i++) {
            out[offset + i] = sign * (float) rng.nextGaussian();
        }
    }
}
