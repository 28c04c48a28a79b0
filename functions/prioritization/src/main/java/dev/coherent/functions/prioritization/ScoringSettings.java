package dev.coherent.functions.prioritization;

import dev.coherent.CoherentException;
import dev.coherent.classifier.Classifier;
import dev.coherent.diffusion.SamplerSettings;
import dev.coherent.functions.common.problem.ProblemException;
import dev.coherent.functions.common.request.SamplerRequests;
import dev.coherent.modelset.ImputationMethod;
import dev.coherent.modelset.InvalidQueryException;
import dev.coherent.modelset.ModelSet;
import dev.coherent.prioritization.ScoreKind;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * How one prioritization request (or every upload) is scored: the classifier's label, the score,
 * method, draws, sampler, seed and cost per modality; a request's own values over the function's
 * defaults, checked against its limits.
 */
record ScoringSettings(
        String label,
        Classifier classifier,
        ScoreKind score,
        ImputationMethod method,
        int draws,
        SamplerSettings sampler,
        long seed,
        Map<String, Double> costs) {
    private static final SecureRandom SEEDS = new SecureRandom();

    /** The settings of uploads (and the warm-up): every default, with the given seed. */
    static ScoringSettings defaults(PrioritizationConfig config, ModelSet set, long seed) {
        PrioritizationConfig.Defaults d = config.defaults();
        Map<String, Double> costs = defaultCosts(config, set);
        SamplerSettings sampler;
        try {
            sampler = sampler(config, set, null, null, null, null);
        } catch (ProblemException e) {
            throw new CoherentException("coherent.defaults: " + e.getMessage(), e);
        }
        return new ScoringSettings(
                d.label(),
                set.classifier(d.label()),
                ScoreKind.parse(d.score()),
                ImputationMethod.parse(d.method()),
                d.draws(),
                sampler,
                seed,
                costs);
    }

    /** Cost per modality of the set: {@code coherent.defaults.costs.<modality>}, else 1. */
    private static Map<String, Double> defaultCosts(PrioritizationConfig config, ModelSet set) {
        Map<String, Double> costs = new LinkedHashMap<>();
        for (String m : set.modalities()) {
            costs.put(m, Ranking.DEFAULT_COST);
        }
        putCosts(costs, config.defaults().costs(), "coherent.defaults.costs", set, CoherentException::new);
        return costs;
    }

    /** A request's settings: its own values, the defaults for what it leaves out, checked against the limits. */
    static ScoringSettings of(PrioritizationConfig config, ModelSet set, PrioritizeRequest body) {
        PrioritizationConfig.Defaults d = config.defaults();
        String label = body.label() != null ? body.label() : d.label();
        if (label.isBlank()) {
            throw PrioritizationService.invalid("label is empty; leave it out for '" + d.label() + "'");
        }
        Classifier classifier;
        try {
            classifier = set.classifier(label);
        } catch (InvalidQueryException e) {
            throw new ProblemException(PrioritizationProblemType.NO_CLASSIFIER, "label: " + e.getMessage());
        }
        ScoreKind score = ScoreKind.parse(orElse(body.score(), d.score()));
        ImputationMethod method = ImputationMethod.parse(orElse(body.method(), d.method()));
        int draws = body.draws() != null ? body.draws() : d.draws();
        if (draws < 1 || draws > config.limits().maxDraws()) {
            throw PrioritizationService.invalid(
                    "draws must be between 1 and " + config.limits().maxDraws() + ", got " + draws);
        }
        SamplerSettings sampler = sampler(config, set, body.sampler(), body.steps(), body.eta(), body.variance());
        long seed = body.seed() != null ? body.seed() : SEEDS.nextLong() >>> 12;
        Map<String, Double> costs = defaultCosts(config, set);
        if (body.costs() != null) {
            putCosts(costs, body.costs(), "costs", set, PrioritizationService::invalid);
        }
        return new ScoringSettings(label, classifier, score, method, draws, sampler, seed, costs);
    }

    /** Puts {@code given} over {@code costs}: known modalities, positive finite costs; {@code where} names them. */
    private static void putCosts(
            Map<String, Double> costs,
            Map<String, Double> given,
            String where,
            ModelSet set,
            Function<String, RuntimeException> error) {
        for (Map.Entry<String, Double> e : given.entrySet()) {
            Double cost = e.getValue();
            if (!costs.containsKey(e.getKey())) {
                throw error.apply(
                        where + ": unknown modality '" + e.getKey() + "'; the model set has " + set.modalities());
            }
            if (cost == null || !(cost > 0) || !Double.isFinite(cost)) {
                throw error.apply(where + "." + e.getKey() + " must be a positive finite number, got " + cost);
            }
            costs.put(e.getKey(), cost);
        }
    }

    /** The sampler for a request: the defaults for what it leaves out, checked against the limits. */
    private static SamplerSettings sampler(
            PrioritizationConfig config, ModelSet set, String name, Integer steps, Double eta, String variance) {
        PrioritizationConfig.Defaults d = config.defaults();
        return SamplerRequests.settings(
                set, name, steps, eta, variance, d, config.limits().maxSteps());
    }

    private static String orElse(String value, String fallback) {
        return value == null ? fallback : value;
    }
}
