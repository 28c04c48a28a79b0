package dev.coherent.modelset;

import dev.coherent.diffusion.DenoiserSpec;
import dev.coherent.diffusion.Ensemble;
import dev.coherent.diffusion.X0Error;
import dev.coherent.store.MalformedModelException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plans which models answer a query: from a target and a condition set to a {@link SamplingPlan}.
 *
 * <p>Its one job is reading the manifest: which methods are available (pair models, the multi
 * model, a linear model), which one {@code auto} means ({@link ValidationScore#chosen}, or the
 * lowest validation MSE in sets trained before the choice was recorded), the ensemble weights, the
 * validation x̂₀ error and whether the members denoise residuals. It holds nothing but the
 * manifest, so it needs no TensorFlow and has nothing to close. Immutable and thread-safe.
 */
public final class QueryPlanner {
    private final ModelSetManifest manifest;
    private final Map<String, ModelEntry> models = new LinkedHashMap<>();
    /** Keys ({@link #linearKey}) of the linear models the manifest lists. */
    private final Set<String> linear;

    public QueryPlanner(ModelSetManifest manifest) {
        this.manifest = manifest;
        for (ModelEntry e : manifest.models()) {
            models.put(e.name(), e);
        }
        this.linear = Set.copyOf(manifest.linear().stream()
                .map(e -> linearKey(e.target(), e.conditions()))
                .toList());
    }

    /** Key of a linear model: its target and conditions in the set's modality order. */
    static String linearKey(String target, List<String> conditions) {
        return target + "<-" + String.join("+", conditions);
    }

    /**
     * A modality of the set.
     *
     * @throws InvalidQueryException when the set has no such modality
     */
    public ModalityInfo modality(String name) {
        try {
            return manifest.modality(name);
        } catch (IllegalArgumentException e) {
            throw new InvalidQueryException(e.getMessage());
        }
    }

    /** Methods the set can use for a target and condition set. */
    public List<ImputationMethod> availableMethods(String target, Collection<String> conditions) {
        List<ImputationMethod> out = new ArrayList<>();
        if (hasPairs(target, conditions)) {
            out.add(ImputationMethod.COHERENT);
        }
        if (models.containsKey(DenoiserSpec.multiName(target))) {
            out.add(ImputationMethod.MULTI);
        }
        if (linear.contains(linearKey(target, ordered(conditions)))) {
            out.add(ImputationMethod.LINEAR);
        }
        return out;
    }

    /** Whether training measured the x̂₀ errors the analytic step variance needs (sets since that version). */
    public boolean hasX0Errors() {
        return manifest.validation() != null && manifest.validation().stream().anyMatch(s -> s.x0Error() != null);
    }

    /**
     * Chooses the models that generate {@code target} from {@code conditions}.
     *
     * <p>An empty condition set is unconditional generation: the multi model with every condition
     * masked, or every pair model given all-zero (mean) conditions without a mask, as the reference
     * does for its privacy experiment.
     *
     * @throws InvalidQueryException for an unknown modality, a target among the conditions, or a
     *     method the set cannot use for this query
     * @throws MalformedModelException when residual denoisers lack the linear model to center on
     */
    public SamplingPlan plan(String target, Collection<String> conditions, ImputationMethod method) {
        modality(target);
        List<String> ordered = ordered(conditions);
        for (String c : conditions) {
            modality(c);
            if (c.equals(target)) {
                throw new InvalidQueryException("'" + target + "' cannot be both target and condition");
            }
        }
        List<ImputationMethod> available = availableMethods(target, ordered);
        if (available.isEmpty()) {
            throw new InvalidQueryException("the model set has no model generating '" + target + "' from "
                    + (ordered.isEmpty() ? "nothing" : String.join("+", ordered)));
        }
        ImputationMethod chosen =
                method == ImputationMethod.AUTO ? bestByValidation(target, ordered, available) : method;
        if (!available.contains(chosen)) {
            throw new InvalidQueryException(
                    "method " + chosen.label() + " is not available for '" + target + "' in this model set (available: "
                            + available.stream().map(ImputationMethod::label).toList() + ")");
        }
        if (chosen == ImputationMethod.LINEAR) {
            return new SamplingPlan(
                    target,
                    ordered,
                    SamplingPlan.LINEAR,
                    List.of(),
                    new double[0],
                    null,
                    false,
                    intervals(target, ordered, SamplingPlan.LINEAR));
        }
        if (chosen == ImputationMethod.MULTI) {
            String multi = DenoiserSpec.multiName(target);
            return new SamplingPlan(
                    target,
                    ordered,
                    SamplingPlan.MULTI,
                    List.of(multi),
                    new double[] {1},
                    x0Error(target, ordered, SamplingPlan.MULTI),
                    centered(target, ordered, List.of(multi)),
                    intervals(target, ordered, SamplingPlan.MULTI));
        }
        List<String> sources = ordered.isEmpty() ? otherModalities(target) : ordered;
        List<String> members =
                sources.stream().map(c -> DenoiserSpec.singleName(target, c)).toList();
        double[] mse =
                members.stream().mapToDouble(n -> models.get(n).validationMse()).toArray();
        String kind = members.size() == 1 ? SamplingPlan.SINGLE : SamplingPlan.COHERENT;
        return new SamplingPlan(
                target,
                ordered,
                kind,
                members,
                Ensemble.softmaxInverse(mse),
                x0Error(target, ordered, kind),
                centered(target, ordered, members),
                intervals(target, ordered, kind));
    }

    /** {@code conditions} in the set's modality order. */
    private List<String> ordered(Collection<String> conditions) {
        return manifest.modalityNames().stream().filter(conditions::contains).toList();
    }

    private List<String> otherModalities(String target) {
        return manifest.modalityNames().stream().filter(m -> !m.equals(target)).toList();
    }

    private boolean hasPairs(String target, Collection<String> conditions) {
        Collection<String> needed = conditions.isEmpty() ? otherModalities(target) : conditions;
        for (String c : needed) {
            if (!models.containsKey(DenoiserSpec.singleName(target, c))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a plan's members denoise residuals: all of them were trained so, and the linear model
     * of the plan's conditions exists to center the samples (residual sets have every one).
     */
    private boolean centered(String target, List<String> conditions, List<String> members) {
        boolean residual = members.stream().allMatch(n -> models.get(n).residual());
        if (residual && !linear.contains(linearKey(target, conditions))) {
            throw new MalformedModelException("residual denoisers of '" + target + "' have no linear model of "
                    + (conditions.isEmpty() ? "nothing" : String.join("+", conditions)) + " to center on");
        }
        return residual;
    }

    /** The validation split's x̂₀ error of one query and method, or {@code null}. */
    private X0Error x0Error(String target, List<String> conditions, String method) {
        for (ValidationScore s : scores(target, conditions)) {
            if (s.method().equals(method)) {
                return s.x0Error();
            }
        }
        return null;
    }

    /** The conformal calibration of one query and method's intervals; empty when the set has none. */
    private List<IntervalCalibration> intervals(String target, List<String> conditions, String method) {
        for (ValidationScore s : scores(target, conditions)) {
            if (s.method().equals(method)) {
                return s.intervals();
            }
        }
        return List.of();
    }

    /** The validation scores of one query: its target and condition set (in any order), one per method. */
    private List<ValidationScore> scores(String target, List<String> conditions) {
        if (manifest.validation() == null) {
            return List.of();
        }
        Set<String> wanted = Set.copyOf(conditions);
        return manifest.validation().stream()
                .filter(s ->
                        s.target().equals(target) && Set.copyOf(s.conditions()).equals(wanted))
                .toList();
    }

    /**
     * The method training chose for this query ({@link ValidationScore#chosen}); in sets trained
     * before that was recorded, the lowest validation MSE.
     */
    private ImputationMethod bestByValidation(
            String target, List<String> conditions, List<ImputationMethod> available) {
        List<ValidationScore> scores = scores(target, conditions);
        for (ValidationScore s : scores) {
            if (s.chosen() && available.contains(s.imputationMethod())) {
                return s.imputationMethod();
            }
        }
        ImputationMethod best = null;
        double bestMse = Double.POSITIVE_INFINITY;
        for (ValidationScore s : scores) {
            ImputationMethod m = s.imputationMethod();
            if (available.contains(m) && s.mse() < bestMse) {
                bestMse = s.mse();
                best = m;
            }
        }
        // Without a score (e.g. unconditional queries), prefer the model trained for every condition set.
        return best != null
                ? best
                : available.contains(ImputationMethod.MULTI) ? ImputationMethod.MULTI : available.get(0);
    }
}
