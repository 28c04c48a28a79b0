package dev.coherent.imputation;

import dev.coherent.linear.FactorModel;
import dev.coherent.linear.LinearGaussian;
import dev.coherent.modelset.ImputationMethod;
import dev.coherent.modelset.LinearEntry;
import dev.coherent.modelset.ModelSet;
import dev.coherent.modelset.OutOfDistributionEntry;
import dev.coherent.modelset.RawModelSetTrainer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;

/**
 * Scores patients' provided modalities for {@link OutOfDistribution} with the linear models of the
 * model set and their held-out thresholds. Thread-safe.
 *
 * <p>A patient who provides one modality is scored by its distance from the training patients
 * under the set's unconditional model of it, over that model's held-out 99th percentile.
 *
 * <p>A patient who provides several is scored by how they disagree: per modality m, the
 * log-likelihood ratio log p(m) − log p(m | the others) under the set's factor model ({@link
 * FactorModel}; the linear models in sets trained before it), high when m is better explained as
 * a vector unrelated to the rest of the patient (codes of another encoder, a file of another
 * patient) than as theirs. The largest ratio is set against the held-out
 * distribution of the same largest ratio over patients who provide the same modalities ({@link
 * OutOfDistributionEntry}): (ratio − median) / (99th percentile − median). Kept as log-likelihood
 * ratios up to that last step, a modality strongly tied to the others (clean ratios far below
 * zero) does not drown the signal of one weakly tied, as it would if each were scaled by its own
 * percentile first (docs/results/out-of-distribution.md). A modality out of range by itself (wrong
 * units, a shift) is flagged too, by its own distance at a stricter level ({@link #BY_ITSELF_ALPHA}),
 * and named before any that only disagree with it; below that level its distance does not enter
 * the score. Sets trained before these thresholds
 * existed score each modality by its distance from its prediction given the others instead.
 */
public final class OutOfDistributionScorer {
    /** Share of clean patients the test of a modality by itself may flag, besides the disagreement's 1%. */
    static final double BY_ITSELF_ALPHA = 0.001;
    /** The input of an unconditional model. */
    private static final float[] NO_CONDITIONS = new float[0];

    private final List<String> modalities;
    /** Linear model and its held-out 99th-percentile distance, by target and conditions (set order). */
    private final Map<List<String>, Scored> models;
    /** The model the disagreement's thresholds belong to; null for the linear models of older sets. */
    private final FactorModel factor;
    /** Thresholds of the disagreement, by provided modalities (set order). */
    private final Map<List<String>, OutOfDistributionEntry> disagreement = new LinkedHashMap<>();
    /** Per modality, {@link #multipleTestingFactor} at 1% for 0 to all modalities tested. */
    private final Map<String, double[]> factors = new LinkedHashMap<>();
    /** Per modality, {@link #multipleTestingFactor} at {@link #BY_ITSELF_ALPHA}. */
    private final Map<String, double[]> byItselfFactors = new LinkedHashMap<>();

    private record Scored(LinearGaussian model, double distance99) {}

    private OutOfDistributionScorer(
            List<String> modalities,
            Map<List<String>, Scored> models,
            FactorModel factor,
            List<OutOfDistributionEntry> thresholds) {
        this.modalities = modalities;
        this.models = models;
        this.factor = factor;
        thresholds.forEach(t -> disagreement.put(t.modalities(), t));
        for (String m : modalities) {
            int dim = models.get(key(m, List.of())).model().dim();
            double[] f = new double[modalities.size() + 1];
            double[] strict = new double[f.length];
            for (int tests = 0; tests < f.length; tests++) {
                f[tests] = multipleTestingFactor(dim, tests, 1 - LinearGaussian.DISTANCE_QUANTILE);
                strict[tests] = multipleTestingFactor(dim, tests, BY_ITSELF_ALPHA);
            }
            factors.put(m, f);
            byItselfFactors.put(m, strict);
        }
    }

    /**
     * The scorer of a model set, or empty when the set has no unconditional linear model with a
     * threshold for some modality (sets trained before either existed) or was trained on a raw
     * cohort (see below).
     */
    public static Optional<OutOfDistributionScorer> of(ModelSet set) {
        if (set.hasEncoders() && !set.manifest().training().containsKey(RawModelSetTrainer.OUT_OF_DISTRIBUTION_FOLDS)) {
            // Codes of a raw set are in-sample for its encoders on the training patients, and
            // whitened (PCA), so new patients' codes would be flagged far too often against
            // thresholds measured on them: a raw set gives a verdict only when its thresholds come
            // from patients its encoders did not see (sets trained since they do).
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
        return Optional.of(new OutOfDistributionScorer(
                List.copyOf(set.modalities()),
                models,
                set.disagreement().orElse(null),
                set.manifest().outOfDistribution()));
    }

    /** Scores one patient's provided modalities, standardized in the model set's space (at least one). */
    public OutOfDistribution score(Map<String, float[]> standardized) {
        List<String> provided =
                modalities.stream().filter(standardized::containsKey).toList();
        if (provided.isEmpty()) {
            throw new IllegalArgumentException("no provided modality to score");
        }
        OutOfDistributionEntry threshold = disagreement.get(provided);
        Map<String, Double> ratios = new LinkedHashMap<>();
        // Out of range by itself: such a modality is named before one that only disagrees, since a
        // modality in wrong units makes the others disagree with it as much as it does with them.
        List<String> outOfRange = new ArrayList<>();
        for (String m : provided) {
            List<String> others = provided.stream().filter(o -> !o.equals(m)).toList();
            Scored alone = models.get(key(m, List.of()));
            Scored given = models.getOrDefault(key(m, others), alone);
            float[] y = standardized.get(m);
            float[] x = LinearGaussian.input(given.model().conditions(), standardized);
            double ratio;
            if (threshold != null) {
                double aloneDistance = alone.model().mahalanobisPerFeature(NO_CONDITIONS, y);
                double llr = factor != null
                        ? factor.logRatio(m, others, standardized)
                        : alone.model().logDensityOfDistance(aloneDistance)
                                - given.model().logDensity(x, y);
                ratio = (llr - threshold.median()) / (threshold.percentile99() - threshold.median());
                double byItself =
                        aloneDistance / alone.distance99() / byItselfFactors.get(m)[provided.size()];
                if (byItself > OutOfDistribution.THRESHOLD) {
                    ratio = Math.max(ratio, byItself);
                    outOfRange.add(m);
                }
            } else {
                ratio = given.model().mahalanobisPerFeature(x, y)
                        / given.distance99()
                        / factors.get(m)[provided.size()];
            }
            ratios.put(m, ratio);
        }
        String worst = (outOfRange.isEmpty() ? provided : outOfRange)
                .stream().max(Comparator.comparing(ratios::get)).orElseThrow();
        double score = ratios.get(worst);
        return new OutOfDistribution(
                score, OutOfDistribution.THRESHOLD, score > OutOfDistribution.THRESHOLD, worst, ratios);
    }

    /**
     * How much wider than its 99th percentile a distance threshold of one of {@code tests}
     * modalities is, so that each flags a share {@code alpha / tests} of clean patients (Bonferroni):
     * the ratio of the chi-square quantiles at 1 − alpha/tests and 0.99 with {@code dim} degrees of
     * freedom, the shape of a squared Mahalanobis distance of {@code dim} features. 1 for one
     * modality at 1%.
     */
    static double multipleTestingFactor(int dim, int tests, double alpha) {
        ChiSquaredDistribution chi2 = new ChiSquaredDistribution(null, dim);
        return chi2.inverseCumulativeProbability(1 - alpha / Math.max(1, tests))
                / chi2.inverseCumulativeProbability(LinearGaussian.DISTANCE_QUANTILE);
    }

    private static List<String> key(String target, List<String> conditions) {
        List<String> key = new ArrayList<>(conditions.size() + 1);
        key.add(target);
        key.addAll(conditions);
        return key;
    }
}
