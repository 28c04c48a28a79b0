package dev.coherent.diffusion;

import dev.coherent.tf.ServingSessions;
import dev.coherent.tf.Tensors;
import dev.coherent.tf.WeightVariables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The whole reverse process of one predictor and one step plan unrolled into a single graph, so a
 * sampling run is one session call instead of one per step.
 *
 * <p>Why: at small batches a step's arithmetic costs microseconds while a session call, its tensor
 * copies and the Java-side update cost far more; serving one patient is exactly that case. The
 * price: building and first running a plan's graph (thousands of ops, created one JNI call at a
 * time, then optimized by Grappler) takes seconds, so it pays only for a long-lived process that
 * serves few plans many times (docs/results/performance.md). Samplers use it only when asked. The
 * graph computes what {@link DiffusionSampler} computes step by step (member predictions, weighted
 * consensus, per-row coherence distance, DDPM or DDIM update), from noise drawn in Java by the same
 * per-row generators, so both paths give the same samples up to float32 rounding (the Java update
 * runs in double). Rejection stays in Java: a rejected row is run again with new noise.
 *
 * <p>Owns its own {@link Graph} and {@link Session} with a copy of the members' weights; the creator
 * closes it. Complete when the constructor returns, so safe to share across threads.
 */
public final class FusedReverseGraph implements AutoCloseable {
    /** Longest plan worth unrolling: graph size and build time grow with the number of steps. */
    public static final int MAX_STEPS = 100;

    private final Graph graph;
    private final Session session;
    private final int dim;
    private final int steps;
    private final int noisySteps;
    private final Placeholder<TFloat32> start;
    private final Placeholder<TFloat32> noise;
    private final Placeholder<TFloat32> weights;
    private final List<Placeholder<TFloat32>> conditions = new ArrayList<>();
    private final List<Placeholder<TFloat32>> masks = new ArrayList<>();
    private final List<DenoiserSpec> specs;
    private final Operand<TFloat32> sample;
    private final Operand<TFloat32> incoherentSteps;

    /** A finished run: flat [rows, dim] samples and, per row, the number of incoherent steps. */
    public record Run(float[] values, int[] incoherentSteps) {}

    /**
     * @param members the predictor's members in order, with their weights
     * @param stepPlan the steps to take, in order ({@link ReverseUpdates#plan})
     * @param stochastic whether every step but the last adds noise
     * @param threshold coherence distance above which a step counts as incoherent
     */
    public FusedReverseGraph(
            List<Map.Entry<DenoiserSpec, DenoiserWeights>> members,
            ReverseUpdates.Step[] stepPlan,
            boolean stochastic,
            double threshold) {
        if (stepPlan.length > MAX_STEPS) {
            throw new IllegalArgumentException(
                    "at most " + MAX_STEPS + " steps can be unrolled, got " + stepPlan.length);
        }
        this.specs = members.stream().map(Map.Entry::getKey).toList();
        this.dim = specs.get(0).targetDim();
        this.steps = stepPlan.length;
        this.noisySteps = stochastic ? stepPlan.length - 1 : 0;
        graph = new Graph();
        try {
            Ops tf = Ops.create(graph);
            start = tf.withName("start").placeholder(TFloat32.class);
            noise = tf.withName("noise").placeholder(TFloat32.class);
            weights = tf.withName("weights").placeholder(TFloat32.class);
            List<WeightVariables> vars = new ArrayList<>();
            for (int i = 0; i < specs.size(); i++) {
                DenoiserSpec spec = specs.get(i);
                conditions.add(tf.withName("m" + i + ".conditions").placeholder(TFloat32.class));
                masks.add(tf.withName("m" + i + ".mask").placeholder(TFloat32.class));
                vars.add(new WeightVariables(tf, DenoiserOps.foldedParameterShapes(spec), "m" + i + "."));
            }
            Operand<TInt32> rows = tf.reshape(
                    tf.slice(tf.shape(start), tf.constant(new int[] {0}), tf.constant(new int[] {1})),
                    tf.constant(new int[] {1}));
            Operand<TFloat32> x = start;
            Operand<TFloat32> bad = tf.fill(rows, tf.constant(0f));
            for (int k = 0; k < steps; k++) {
                Operand<TFloat32> tVector = tf.fill(rows, tf.constant((float) stepPlan[k].t()));
                List<Operand<TFloat32>> eps = new ArrayList<>();
                for (int i = 0; i < specs.size(); i++) {
                    WeightVariables v = vars.get(i);
                    eps.add(DenoiserOps.buildFolded(
                            tf, specs.get(i), v::get, x, tVector, conditions.get(i), masks.get(i)));
                }
                Operand<TFloat32> consensus = eps.get(0);
                if (eps.size() > 1) {
                    consensus = tf.math.mul(eps.get(0), weight(tf, 0));
                    for (int i = 1; i < eps.size(); i++) {
                        consensus = tf.math.add(consensus, tf.math.mul(eps.get(i), weight(tf, i)));
                    }
                    bad = tf.math.add(
                            bad,
                            tf.dtypes.cast(
                                    tf.math.greater(coherenceDistance(tf, eps), tf.constant((float) threshold)),
                                    TFloat32.class));
                }
                Operand<TFloat32> z = k < noisySteps ? tf.gather(noise, tf.constant(k), tf.constant(0)) : null;
                x = update(tf, stepPlan[k], x, consensus, z);
            }
            sample = tf.withName("sample").identity(x);
            incoherentSteps = tf.withName("incoherent_steps").identity(bad);
            Map<WeightVariables, Map<String, float[]>> values = new LinkedHashMap<>();
            for (int i = 0; i < members.size(); i++) {
                values.put(
                        vars.get(i),
                        DenoiserOps.foldBatchNorm(
                                specs.get(i), members.get(i).getValue().asMap()));
            }
            session = ServingSessions.open(graph, values);
        } catch (RuntimeException e) {
            graph.close();
            throw e;
        }
    }

    public int steps() {
        return steps;
    }

    public int noisySteps() {
        return noisySteps;
    }

    private Operand<TFloat32> weight(Ops tf, int i) {
        return tf.reshape(
                tf.slice(weights, tf.constant(new int[] {i}), tf.constant(new int[] {1})), tf.constant(new int[0]));
    }

    /** {@link Ensemble#coherenceDistance} as graph ops, in float32. */
    private Operand<TFloat32> coherenceDistance(Ops tf, List<Operand<TFloat32>> eps) {
        Operand<TInt32> features = tf.constant(new int[] {1});
        List<Operand<TFloat32>> norms = new ArrayList<>();
        for (Operand<TFloat32> e : eps) {
            norms.add(tf.math.sqrt(tf.reduceSum(tf.math.square(e), features)));
        }
        Operand<TFloat32> num = null;
        Operand<TFloat32> den = null;
        for (int i = 0; i < eps.size(); i++) {
            for (int j = i + 1; j < eps.size(); j++) {
                Operand<TFloat32> dot = tf.reduceSum(tf.math.mul(eps.get(i), eps.get(j)), features);
                Operand<TFloat32> cos =
                        tf.math.div(dot, tf.math.maximum(tf.math.mul(norms.get(i), norms.get(j)), tf.constant(1e-8f)));
                Operand<TFloat32> wij = tf.math.div(tf.math.add(weight(tf, i), weight(tf, j)), tf.constant(2f));
                num = num == null ? tf.math.mul(wij, cos) : tf.math.add(num, tf.math.mul(wij, cos));
                den = den == null ? wij : tf.math.add(den, wij);
            }
        }
        return tf.math.sub(tf.constant(1f), tf.math.div(num, den));
    }

    /** {@link ReverseUpdates.Step#apply} as graph ops. */
    private static Operand<TFloat32> update(
            Ops tf, ReverseUpdates.Step step, Operand<TFloat32> x, Operand<TFloat32> eps, Operand<TFloat32> z) {
        Operand<TFloat32> next = tf.math.add(scaled(tf, x, step.xScale()), scaled(tf, eps, step.epsScale()));
        return step.sigma() > 0 && z != null ? tf.math.add(next, scaled(tf, z, step.sigma())) : next;
    }

    private static Operand<TFloat32> scaled(Ops tf, Operand<TFloat32> v, double c) {
        return tf.math.mul(v, tf.constant((float) c));
    }

    /**
     * Runs the plan.
     *
     * @param startNoise flat [rows, dim] x_T
     * @param stepNoise flat [{@link #noisySteps()}, rows, dim] noise of each stochastic step, or
     *     empty when there is none
     * @param memberWeights normalized ensemble weights, one per member
     */
    public Run run(float[] startNoise, float[] stepNoise, double[] memberWeights, Conditioning c) {
        int rows = c.rows();
        List<Tensor> owned = new ArrayList<>();
        try {
            Session.Runner runner = session.runner();
            runner.feed(start, Tensors.own(owned, Tensors.matrix(startNoise, rows, dim)));
            float[] w = new float[memberWeights.length];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) memberWeights[i];
            }
            runner.feed(weights, Tensors.own(owned, Tensors.vector(w)));
            if (noisySteps > 0) {
                runner.feed(
                        noise,
                        Tensors.own(
                                owned,
                                TFloat32.tensorOf(
                                        Shape.of(noisySteps, rows, dim),
                                        org.tensorflow.ndarray.buffer.DataBuffers.of(stepNoise, true, false))));
            }
            for (int i = 0; i < specs.size(); i++) {
                runner.feed(conditions.get(i), Tensors.own(owned, Tensors.matrix(c.inputs()[i], rows, c.widths()[i])));
                runner.feed(masks.get(i), Tensors.own(owned, Tensors.matrix(c.masks()[i], rows, c.maskWidths()[i])));
            }
            runner.fetch(sample).fetch(incoherentSteps);
            try (Result r = runner.run()) {
                float[] values = Tensors.toArray(r.get(0));
                float[] badSteps = Tensors.toArray(r.get(1));
                int[] bad = new int[rows];
                for (int i = 0; i < rows; i++) {
                    bad[i] = Math.round(badSteps[i]);
                }
                return new Run(values, bad);
            }
        } finally {
            owned.forEach(Tensor::close);
        }
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
