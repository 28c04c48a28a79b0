package dev.coherent.diffusion;

import dev.coherent.tf.ServingSessions;
import dev.coherent.tf.Tensors;
import dev.coherent.tf.WeightVariables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Every denoiser of a model set compiled into one frozen inference graph.
 *
 * <p>All denoisers read the same {@code x} and {@code t} inputs, so one session call evaluates all
 * members of an ensemble on the same x_t and TensorFlow runs them side by side. Weights are
 * fixed and batch norm uses running statistics, so a row's prediction does not depend on the
 * other rows of its batch. Weights are variables filled at construction, as in the exported
 * SavedModel, with each hidden layer's batch norm folded into its weights
 * ({@link DenoiserOps#foldBatchNorm}): the same outputs to float32 rounding, with fewer ops. Owns one {@link Graph} and one {@link Session}; the creator closes it.
 * The graph is complete when the constructor returns, so it is safe to share across threads.
 *
 * <p>Predictors also offer fused reverse processes ({@link FusedReverseGraph}), built on first use
 * per members and step plan, kept until {@link #close()} (at most {@link #MAX_FUSED_PLANS}; beyond
 * that the sampler steps in Java).
 */
public final class InferenceGraph implements AutoCloseable {
    private static final String X = "x";
    private static final String T = "t";

    private final Graph graph;
    private final Session session;
    private final Placeholder<TFloat32> x;
    private final Placeholder<TFloat32> t;
    /** Bound on cached fused plans: each holds a graph and a copy of its members' weights. */
    public static final int MAX_FUSED_PLANS = 32;

    private final Map<String, Member> members = new LinkedHashMap<>();
    private final Map<DenoiserSpec, DenoiserWeights> weights;
    private final Map<FusedKey, FusedReverseGraph> fused = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private record Member(
            DenoiserSpec spec,
            Placeholder<TFloat32> conditions,
            Placeholder<TFloat32> mask,
            Operand<TFloat32> epsilon) {}

    /** What a fused graph depends on; arrays as lists so that equality is by content. */
    private record FusedKey(
            List<String> members, List<ReverseUpdates.Step> plan, boolean stochastic, double threshold) {}

    public InferenceGraph(Map<DenoiserSpec, DenoiserWeights> models) {
        weights = new LinkedHashMap<>(models);
        graph = new Graph();
        Map<WeightVariables, Map<String, float[]>> variables = new LinkedHashMap<>();
        try {
            Ops tf = Ops.create(graph);
            x = tf.withName(X).placeholder(TFloat32.class);
            t = tf.withName(T).placeholder(TFloat32.class);
            for (Map.Entry<DenoiserSpec, DenoiserWeights> e : models.entrySet()) {
                DenoiserSpec spec = e.getKey();
                DenoiserWeights weights = e.getValue();
                String prefix = spec.name() + ".";
                Placeholder<TFloat32> cond = tf.withName(prefix + "conditions").placeholder(TFloat32.class);
                Placeholder<TFloat32> mask = tf.withName(prefix + "mask").placeholder(TFloat32.class);
                WeightVariables vars = new WeightVariables(tf, DenoiserOps.foldedParameterShapes(spec), prefix);
                variables.put(vars, DenoiserOps.foldBatchNorm(spec, weights.asMap()));
                Operand<TFloat32> eps = DenoiserOps.buildFolded(tf, spec, vars::get, x, t, cond, mask);
                members.put(
                        spec.name(),
                        new Member(
                                spec,
                                cond,
                                mask,
                                tf.withName(prefix + "epsilon").identity(eps)));
            }
            session = ServingSessions.open(graph, variables);
        } catch (RuntimeException e) {
            graph.close();
            throw e;
        }
    }

    public boolean contains(String model) {
        return members.containsKey(model);
    }

    public DenoiserSpec spec(String model) {
        return member(model).spec();
    }

    private Member member(String model) {
        Member m = members.get(model);
        if (m == null) {
            throw new IllegalArgumentException("no model named " + model + " in this model set");
        }
        return m;
    }

    /**
     * One network evaluation with a step per row (used by tests and per-record losses).
     *
     * @return flat [rows, targetDim] predicted noise
     */
    public float[] epsilon(String model, float[] xValues, float[] steps, float[] conditions, float[] mask) {
        Member m = member(model);
        int rows = steps.length;
        try (TFloat32 xt = Tensors.matrix(xValues, rows, m.spec().targetDim());
                TFloat32 tt = Tensors.vector(steps);
                TFloat32 ct = Tensors.matrix(conditions, rows, m.spec().conditionWidth());
                TFloat32 mt = Tensors.matrix(mask, rows, m.spec().conditions().size());
                Result r = session.runner()
                        .feed(x, xt)
                        .feed(t, tt)
                        .feed(m.conditions(), ct)
                        .feed(m.mask(), mt)
                        .fetch(m.epsilon())
                        .run()) {
            return Tensors.toArray(r.get(0));
        }
    }

    /**
     * Rows of every network call of a predictor: more rows are split into calls of this many, fewer
     * are padded with zero rows. Why: TensorFlow's CPU matrix product (Eigen, without oneDNN) and
     * GPU ones choose their blocking by the row count, so a row's float32 result changed in the last
     * bits with the number of rows sharing the call; with one fixed shape a row's numbers do not
     * depend on the batch it is in (dynamic batching promises the same numbers batched or alone).
     * At small batches a call's fixed cost dominates, so padding 10 rows to 64 costs little; a
     * large batch makes one call per 64 rows, about 2× slower per step at 1,024 rows
     * (docs/results/performance.md). The system property {@value #FIXED_BLOCKS_PROPERTY} = false
     * trades that exactness for one call per step whatever the rows (bulk jobs on a machine with
     * oneDNN, where rows are exact anyway).
     */
    public static final int BLOCK_ROWS = 64;

    /** System property: {@code false} runs every step in one call of all rows (see {@link #BLOCK_ROWS}). */
    public static final String FIXED_BLOCKS_PROPERTY = "coherent.inference.fixed-blocks";

    /** Whether this process calls the network in blocks of {@link #BLOCK_ROWS} (the default). */
    private static final boolean BLOCKED = !"false".equals(System.getProperty(FIXED_BLOCKS_PROPERTY));

    /** Rows start..start+n of a flat [rows, width] matrix, padded with zero rows to {@link #BLOCK_ROWS}. */
    private static float[] block(float[] values, int start, int n, int width) {
        float[] out = new float[BLOCK_ROWS * width];
        System.arraycopy(values, start * width, out, 0, n * width);
        return out;
    }

    /** A predictor evaluating the named models as members, in that order, in one call per step. */
    public NoisePredictor predictor(List<String> modelNames) {
        List<Member> chosen = new ArrayList<>();
        for (String name : modelNames) {
            chosen.add(member(name));
        }
        int dim = chosen.get(0).spec().targetDim();
        for (Member m : chosen) {
            if (m.spec().targetDim() != dim) {
                throw new IllegalArgumentException("ensemble members must generate the same modality");
            }
        }
        return new NoisePredictor() {
            @Override
            public int dim() {
                return dim;
            }

            @Override
            public int members() {
                return chosen.size();
            }

            @Override
            public float[][] predict(float[] xValues, int step, Conditioning c) {
                int rows = c.rows();
                if (!BLOCKED) {
                    return call(xValues, rows, step, c, c.inputs(), c.masks());
                }
                float[][] out = new float[chosen.size()][rows * dim];
                for (int start = 0; start < rows; start += BLOCK_ROWS) {
                    int n = Math.min(BLOCK_ROWS, rows - start);
                    float[][] block = predictBlock(block(xValues, start, n, dim), step, c, start, n);
                    for (int i = 0; i < out.length; i++) {
                        System.arraycopy(block[i], 0, out[i], start * dim, n * dim);
                    }
                }
                return out;
            }

            /** One call of exactly {@link #BLOCK_ROWS} rows: rows start..start+n, then zero rows. */
            private float[][] predictBlock(float[] xBlock, int step, Conditioning c, int start, int n) {
                float[][] inputs = new float[chosen.size()][];
                float[][] masks = new float[chosen.size()][];
                for (int i = 0; i < chosen.size(); i++) {
                    inputs[i] = block(c.inputs()[i], start, n, c.widths()[i]);
                    masks[i] = block(c.masks()[i], start, n, c.maskWidths()[i]);
                }
                return call(xBlock, BLOCK_ROWS, step, c, inputs, masks);
            }

            private float[][] call(
                    float[] xValues, int rows, int step, Conditioning c, float[][] inputs, float[][] masks) {
                List<Tensor> owned = new ArrayList<>();
                try {
                    Session.Runner runner = session.runner();
                    TFloat32 xt = Tensors.own(owned, Tensors.matrix(xValues, rows, dim));
                    TFloat32 tt = Tensors.own(owned, Tensors.filled(rows, step));
                    runner.feed(x, xt).feed(t, tt);
                    for (int i = 0; i < chosen.size(); i++) {
                        Member m = chosen.get(i);
                        runner.feed(m.conditions(), Tensors.own(owned, Tensors.matrix(inputs[i], rows, c.widths()[i])));
                        runner.feed(m.mask(), Tensors.own(owned, Tensors.matrix(masks[i], rows, c.maskWidths()[i])));
                        runner.fetch(m.epsilon());
                    }
                    try (Result r = runner.run()) {
                        float[][] out = new float[chosen.size()][];
                        for (int i = 0; i < out.length; i++) {
                            out[i] = Tensors.toArray(r.get(i));
                        }
                        return out;
                    }
                } finally {
                    owned.forEach(Tensor::close);
                }
            }

            @Override
            public Optional<FusedReverseGraph> fused(
                    ReverseUpdates.Step[] stepPlan, boolean stochastic, double threshold) {
                return fusedGraph(chosen, stepPlan, stochastic, threshold);
            }
        };
    }

    private Optional<FusedReverseGraph> fusedGraph(
            List<Member> chosen, ReverseUpdates.Step[] plan, boolean stochastic, double threshold) {
        FusedKey key =
                new FusedKey(chosen.stream().map(m -> m.spec().name()).toList(), List.of(plan), stochastic, threshold);
        FusedReverseGraph cached = fused.get(key);
        if (cached != null || closed || fused.size() >= MAX_FUSED_PLANS) {
            return Optional.ofNullable(cached);
        }
        List<Map.Entry<DenoiserSpec, DenoiserWeights>> entries = chosen.stream()
                .map(m -> Map.entry(m.spec(), weights.get(m.spec())))
                .toList();
        // Built outside the map's lock: a build takes a while and other plans need not wait. Two threads
        // may build the same plan at once; the loser closes its copy.
        FusedReverseGraph built = new FusedReverseGraph(entries, plan, stochastic, threshold);
        FusedReverseGraph winner = fused.putIfAbsent(key, built);
        if (winner != null) {
            built.close();
            return Optional.of(winner);
        }
        return Optional.of(built);
    }

    @Override
    public void close() {
        closed = true;
        fused.values().forEach(FusedReverseGraph::close);
        fused.clear();
        session.close();
        graph.close();
    }
}
