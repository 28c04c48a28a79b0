package dev.coherent.imputation;

import dev.coherent.linear.LinearGaussian;
import dev.coherent.modelset.ImputationMethod;
import dev.coherent.modelset.LinearEntry;
import dev.coherent.modelset.ModelSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;

/**
 * Scores patients' provided modalities for {@link OutOfDistribution} with the linear models of the
 * model set and their held-out thresholds. Thread-safe.
 *
 * <p>Each provided modality is scored under the set's linear model of it given the patient's other
 * provided modalities (unconditional when it is the only one): a vector that is plausible alone but
 * disagrees with the rest of the patient, as codes of another encoder do, stands out there, while
 * a scale or shift error stands out either way. Each score is over that model's 99th percentile on
 * held-out patients, widened for the number of modalities tested ({@link #multipleTestingFactor}),
 * so that a clean patient with several modalities is flagged about as rarely as one with one.
 */
public final class OutOfDistributionScorer {
    private final List<String> modalities;
    /** Linear model and its held-out 99th-percentile distance, by target and conditions (set order). */
    private final Map<List<String>, Scored> models;
    /** Per modality, {@link #multipleTestingFactor} for 0 to all modalities tested. */
    private final Map<String, double[]> factors = new LinkedHashMap<>();

    private record Scored(LinearGaussian model, double distance99) {}

    private OutOfDistributionScorer(List<String> modalities, Map<List<String>, Scored> models) {
        this.modalities = modalities;
        this.models = models;
        for (String m : modalities) {
            double[] f = new double[modalities.size() + 1];
            for (int tests = 0; tests < f.length; tests++) {
                f[tests] = multipleTestingFactor(
                        models.get(key(m, List.of())).model().dim(), tests);
            }
            factors.put(m, f);
        }
    }

    /**
     * The scorer of a model set, or empty when the set has no unconditional linear model with a
     * threshold for some modality (sets trained before either existed) or was trained on a raw
     * cohort (see below).
     */
    public static Optional<OutOfDistributionScorer> of(ModelSet set) {
        if (set.hasEncoders()) {
            // Codes of a raw set are in-sample for its encoders on the training patients the
            // thresholds come from, and whitened (PCA), so new patients' codes would be flagged far
            // too often and a rotation not at all (docs/results/out-of-distribution.md): no verdict
            // until the threshold comes from patients the encoders did not see.
            return Optional.empty();
        }
        Map<List<String>, Scored> models = new LinkedHashMap<>();
        for (LinearEntry e : set.manifest().linear()) {
            if (e.distance99() > 0) {
                models.put(
                        key(e.target(), e.conditions()),
                        new Scored(
                                set.linearModel(set.plan(e.target(), e.conditions(), ImputationMethod.LINEAR)),
                                e.distance99()));
            }
        }
        if (!set.modalities().stream().allMatch(m -> models.containsKey(key(m, List.of())))) {
            return Optional.empty();
        }
        return Optional.of(new OutOfDistributionScorer(List.copyOf(set.modalities()), models));
    }

    /** Scores one patient's provided modalities, standardized in the model set's space (at least one). */
    public OutOfDistribution score(Map<String, float[]> standardized) {
        List<String> provided =
                modalities.stream().filter(standardized::containsKey).toList();
        if (provided.isEmpty()) {
            throw new IllegalArgumentException("no provided modality to score");
        }
        Map<String, Double> ratios = new LinkedHashMap<>();
        String worst = null;
        for (String m : provided) {
            List<String> others = provided.stream().filter(o -> !o.equals(m)).toList();
            Scored scored = models.getOrDefault(key(m, others), models.get(key(m, List.of())));
            List<String> conditions = scored.model().conditions();
            float[] x = concat(conditions, standardized);
            double ratio = scored.model().mahalanobisPerFeature(x, standardized.get(m))
                    / scored.distance99()
                    / factors.get(m)[provided.size()];
            ratios.put(m, ratio);
            if (worst == null || ratio > ratios.get(worst)) {
                worst = m;
            }
        }
        double score = ratios.get(worst);
        return new OutOfDistribution(
                score, OutOfDistribution.THRESHOLD, score > OutOfDistribution.THRESHOLD, worst, ratios);
    }

    /**
     * How much wider than its 99th percentile one of {@code tests} modalities' thresholds is, so
     * that the patient's false-flag rate stays near 1% (Bonferroni): the ratio of the chi-square
     * quantiles at 1 − 0.01/tests and 0.99 with {@code dim} degrees of freedom, the shape of a
     * squared Mahalanobis distance of {@code dim} features. 1 for one modality.
     */
    static double multipleTestingFactor(int dim, int tests) {
        if (tests <= 1) {
            return 1;
        }
        ChiSquaredDistribution chi2 = new ChiSquaredDistribution(null, dim);
        double alpha = 1 - LinearGaussian.DISTANCE_QUANTILE;
        return chi2.inverseCumulativeProbability(1 - alpha / tests)
                / chi2.inverseCumulativeProbability(LinearGaussian.DISTANCE_QUANTILE);
    }

    private static List<String> key(String target, List<String> conditions) {
        List<String> key = new ArrayList<>(conditions.size() + 1);
        key.add(target);
        key.addAll(conditions);
        return key;
    }

    private static float[] concat(List<String> conditions, Map<String, float[]> standardized) {
        int n = conditions.stream().mapToInt(c -> standardized.get(c).length).sum();
        float[] x = new float[n];
        int at = 0;
        for (String c : conditions) {
            float[] v = standardized.get(c);
            System.arraycopy(v, 0, x, at, v.length);
            at += v.length;
        }
        return x;
    }
}
