package dev.coherent.imputation;

import dev.coherent.linear.LinearGaussian;
import dev.coherent.modelset.ImputationMethod;
import dev.coherent.modelset.LinearEntry;
import dev.coherent.modelset.ModelSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Scores patients' provided modalities for {@link OutOfDistribution}, with the unconditional linear
 * model of each modality and its held-out threshold, both stored in the model set. Thread-safe.
 */
public final class OutOfDistributionScorer {
    private final Map<String, LinearGaussian> models;
    private final Map<String, Double> thresholds;

    private OutOfDistributionScorer(Map<String, LinearGaussian> models, Map<String, Double> thresholds) {
        this.models = models;
        this.thresholds = thresholds;
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
        Map<String, LinearGaussian> models = new LinkedHashMap<>();
        Map<String, Double> thresholds = new LinkedHashMap<>();
        for (LinearEntry e : set.manifest().linear()) {
            if (e.conditions().isEmpty() && e.distance99() > 0) {
                thresholds.put(e.target(), e.distance99());
                models.put(e.target(), set.linearModel(set.plan(e.target(), List.of(), ImputationMethod.LINEAR)));
            }
        }
        if (!thresholds.keySet().containsAll(set.modalities())) {
            return Optional.empty();
        }
        return Optional.of(new OutOfDistributionScorer(models, thresholds));
    }

    /** Scores one patient's provided modalities, standardized in the model set's space (at least one). */
    public OutOfDistribution score(Map<String, float[]> standardized) {
        Map<String, Double> ratios = new LinkedHashMap<>();
        String worst = null;
        for (Map.Entry<String, float[]> e : standardized.entrySet()) {
            double ratio = models.get(e.getKey()).mahalanobisPerFeature(new float[0], e.getValue())
                    / thresholds.get(e.getKey());
            ratios.put(e.getKey(), ratio);
            if (worst == null || ratio > ratios.get(worst)) {
                worst = e.getKey();
            }
        }
        if (worst == null) {
            throw new IllegalArgumentException("no provided modality to score");
        }
        double score = ratios.get(worst);
        return new OutOfDistribution(score, OutOfDistribution.THRESHOLD, score > OutOfDistribution.THRESHOLD, worst,
                ratios);
    }
}
