package dev.coherent.modelset;

import dev.coherent.diffusion.Conditioning;
import dev.coherent.diffusion.DenoiserRole;
import dev.coherent.diffusion.DenoiserSpec;
import dev.coherent.diffusion.DiffusionSampler;
import dev.coherent.diffusion.InferenceGraph;
import dev.coherent.diffusion.NoisePredictor;
import dev.coherent.diffusion.OffsetEnsemble;
import dev.coherent.diffusion.SamplerSettings;
import dev.coherent.diffusion.StepVariance;
import dev.coherent.diffusion.X0Error;
import dev.coherent.linear.LinearGaussian;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Carries out a {@link SamplingPlan} on rows of standardized conditions: builds each member's
 * conditioning, centers residual denoisers on the linear prediction, draws from the linear-Gaussian
 * models, and measures a plan's x̂₀ error.
 *
 * <p>Its one job is turning plans into draws. It belongs to a {@link ModelSet}, which creates it
 * and owns (and closes) the {@link InferenceGraph} it runs; a plan sampler owns nothing and has no
 * {@code close}. Thread-safe, as the graph is once built.
 */
public final class PlanSampler {
    private final QueryPlanner planner;
    private final InferenceGraph graph;
    private final DiffusionSampler sampler;
    /** Linear-Gaussian models by {@link QueryPlanner#linearKey}. */
    private final Map<String, LinearGaussian> linear;

    PlanSampler(
            QueryPlanner planner, InferenceGraph graph, DiffusionSampler sampler, Map<String, LinearGaussian> linear) {
        this.planner = planner;
        this.graph = graph;
        this.sampler = sampler;
        this.linear = Map.copyOf(linear);
    }

    /**
     * Samples one row per entry of {@code rows}, in standardized space.
     *
     * @param rows per row, the standardized value of each condition modality present
     * @param rowSeeds one seed per row (see {@link DiffusionSampler})
     * @param noiseSigns a noise sign per row (antithetic pairs), or {@code null} for all +1
     */
    public DiffusionSampler.Samples sample(
            SamplingPlan plan,
            List<Map<String, float[]>> rows,
            long[] rowSeeds,
            float[] noiseSigns,
            SamplerSettings settings) {
        if (plan.linear()) {
            return sampleLinear(linearModel(plan), rows, rowSeeds, noiseSigns);
        }
        if (settings.variance() == StepVariance.ANALYTIC && plan.x0Error() == null) {
            throw new InvalidQueryException(
                    plan.conditions().isEmpty()
                            ? "the analytic variance needs a validation x0 error, which unconditional generation of '"
                                    + plan.target() + "' has none of; use variance auto or fixed"
                            : "the analytic variance needs the validation x0 error of " + plan.method() + " for '"
                                    + plan.target() + "' from " + String.join("+", plan.conditions())
                                    + ", which this model set lacks (add it with coherent calibrate); use variance auto or fixed");
        }
        if (!plan.centered()) {
            return sampler.sample(
                    graph.predictor(plan.members()),
                    plan.weights(),
                    conditioning(plan, rows),
                    rowSeeds,
                    noiseSigns,
                    settings,
                    plan.x0Error());
        }
        float[] centers = centers(plan, rows);
        DiffusionSampler.Samples s = sampler.sample(
                predictor(plan),
                plan.weights(),
                centeredConditioning(plan, rows, centers),
                rowSeeds,
                noiseSigns,
                settings,
                plan.x0Error());
        float[] values = s.values();
        for (int i = 0; i < values.length; i++) {
            values[i] += centers[i];
        }
        return s;
    }

    /** Linear-Gaussian draws: the conditional mean plus correlated Gaussian noise, one stream per row. */
    private DiffusionSampler.Samples sampleLinear(
            LinearGaussian model, List<Map<String, float[]>> rows, long[] rowSeeds, float[] noiseSigns) {
        int n = rows.size();
        int dim = model.dim();
        float[] values = LinearCenters.centers(model, rows, dims(model.conditions()));
        float[] mean = new float[dim];
        for (int r = 0; r < n; r++) {
            System.arraycopy(values, r * dim, mean, 0, dim);
            model.draw(mean, rowSeeds[r], noiseSigns == null ? 1f : noiseSigns[r], values, r * dim);
        }
        int[] attempts = new int[n];
        Arrays.fill(attempts, 1);
        boolean[] accepted = new boolean[n];
        Arrays.fill(accepted, true);
        return new DiffusionSampler.Samples(values, n, dim, attempts, new double[n], accepted);
    }

    /**
     * The plan's x̂₀ error on the given rows, measured at {@code grid} with seeded noise: what
     * {@link StepVariance#ANALYTIC} needs (see {@link X0Error#measure}).
     *
     * @param targets standardized target value of each row
     */
    public X0Error x0Error(
            SamplingPlan plan, List<Map<String, float[]>> rows, List<float[]> targets, int[] grid, long seed) {
        int dim = planner.modality(plan.target()).dim();
        float[] x0 = new float[rows.size() * dim];
        for (int r = 0; r < rows.size(); r++) {
            System.arraycopy(targets.get(r), 0, x0, r * dim, dim);
        }
        if (!plan.centered()) {
            return X0Error.measure(
                    graph.predictor(plan.members()),
                    plan.weights(),
                    conditioning(plan, rows),
                    x0,
                    sampler.schedule(),
                    grid,
                    seed);
        }
        // A centered plan samples the residual: its x̂₀ is the residual's.
        float[] centers = centers(plan, rows);
        for (int i = 0; i < x0.length; i++) {
            x0[i] -= centers[i];
        }
        return X0Error.measure(
                predictor(plan),
                plan.weights(),
                centeredConditioning(plan, rows, centers),
                x0,
                sampler.schedule(),
                grid,
                seed);
    }

    /**
     * The linear-Gaussian model of a linear plan.
     *
     * @throws InvalidQueryException when the set has none for the plan's target and conditions
     */
    public LinearGaussian linearModel(SamplingPlan plan) {
        LinearGaussian l = linear.get(QueryPlanner.linearKey(plan.target(), plan.conditions()));
        if (l == null) {
            throw new InvalidQueryException("the model set has no linear model of '" + plan.target() + "' from "
                    + (plan.conditions().isEmpty() ? "nothing" : String.join("+", plan.conditions())));
        }
        return l;
    }

    /** The linear model of a target and conditions in modality order, or {@code null}. */
    LinearGaussian linearModel(String target, List<String> conditions) {
        return linear.get(QueryPlanner.linearKey(target, conditions));
    }

    /** A row's input to a linear model: its conditions concatenated, zeros for one the row lacks. */
    public float[] linearInput(LinearGaussian model, Map<String, float[]> row) {
        return LinearCenters.input(model, row, dims(model.conditions()));
    }

    private int[] dims(List<String> conditions) {
        return conditions.stream().mapToInt(c -> planner.modality(c).dim()).toArray();
    }

    /** Builds each member's condition inputs and masks for the given rows. */
    public Conditioning conditioning(SamplingPlan plan, List<Map<String, float[]>> rows) {
        int n = rows.size();
        int members = plan.members().size();
        float[][] inputs = new float[members][];
        float[][] masks = new float[members][];
        int[] widths = new int[members];
        int[] maskWidths = new int[members];
        for (int m = 0; m < members; m++) {
            DenoiserSpec spec = graph.spec(plan.members().get(m));
            boolean multi = spec.role() == DenoiserRole.MULTI;
            int width = spec.conditionWidth();
            int k = spec.conditions().size();
            float[] in = new float[n * width];
            float[] mask = new float[n * k];
            for (int r = 0; r < n; r++) {
                Map<String, float[]> row = rows.get(r);
                for (int i = 0; i < k; i++) {
                    String c = spec.conditions().get(i);
                    boolean use = plan.conditions().contains(c);
                    float[] v = use ? row.get(c) : null;
                    if (use && v == null) {
                        throw new IllegalArgumentException("row " + r + " lacks condition " + c);
                    }
                    if (v != null) {
                        System.arraycopy(v, 0, in, r * width + spec.conditionOffset(i), v.length);
                    }
                    // A pair model has no "absent" state: unconditional use feeds zeros with mask 1.
                    mask[r * k + i] = v != null || !multi ? 1f : 0f;
                }
            }
            inputs[m] = in;
            masks[m] = mask;
            widths[m] = width;
            maskWidths[m] = k;
        }
        return new Conditioning(n, inputs, widths, masks, maskWidths);
    }

    /** Per row of a centered plan, its center: the linear prediction from the plan's conditions. */
    private float[] centers(SamplingPlan plan, List<Map<String, float[]>> rows) {
        LinearGaussian model = linearModel(plan.target(), plan.conditions());
        return LinearCenters.centers(model, rows, dims(model.conditions()));
    }

    /**
     * The conditioning of a centered plan: each member's offset from the plan's center to its own
     * (only ensembles of pair models differ from the plan's center; a one-member plan has none).
     */
    private Conditioning centeredConditioning(SamplingPlan plan, List<Map<String, float[]>> rows, float[] centers) {
        Conditioning c = conditioning(plan, rows);
        if (plan.members().size() == 1) {
            return c;
        }
        float[][] offsets = new float[plan.members().size()][];
        for (int m = 0; m < offsets.length; m++) {
            float[] mine = memberCenters(plan, m, rows);
            offsets[m] = new float[centers.length];
            for (int i = 0; i < centers.length; i++) {
                offsets[m][i] = centers[i] - mine[i];
            }
        }
        return c.withOffsets(offsets, planner.modality(plan.target()).dim());
    }

    /**
     * The centers member {@code m} of a centered plan was trained around, per row (flat [rows,
     * dim]): a pair model's linear prediction from its own condition; a multi model's from the
     * plan's (visible) conditions.
     */
    public float[] memberCenters(SamplingPlan plan, int m, List<Map<String, float[]>> rows) {
        DenoiserSpec spec = graph.spec(plan.members().get(m));
        if (spec.role() == DenoiserRole.MULTI) {
            return centers(plan, rows);
        }
        return LinearCenters.centers(linearModel(plan.target(), spec.conditions()), rows, dims(spec.conditions()));
    }

    /** The noise predictor of a plan: its members together, shifted per member where offsets say so. */
    private NoisePredictor predictor(SamplingPlan plan) {
        NoisePredictor together = graph.predictor(plan.members());
        if (!plan.centered() || plan.members().size() == 1) {
            return together;
        }
        return new OffsetEnsemble(
                together,
                plan.members().stream().map(n -> graph.predictor(List.of(n))).toList(),
                sampler.schedule());
    }
}
