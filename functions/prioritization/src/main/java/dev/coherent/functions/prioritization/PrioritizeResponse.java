package dev.coherent.functions.prioritization;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Answer of {@code POST /v1/prioritize}: which model set, classifier and settings answered, every
 * (patient, candidate modality) pair ranked, and with a budget the pairs chosen under it.
 *
 * @param classes the classifier's classes, in the order of its outputs
 * @param score the score that ranks ({@code disagreement} or {@code variance})
 * @param ranking the pairs by score per unit cost, highest first (ties: higher score, then request order)
 * @param selection the pairs chosen under {@code budget}; absent without a budget
 */
public record PrioritizeResponse(
        @JsonProperty("model_set") ModelSetRef modelSet,
        String label,
        List<String> classes,
        String score,
        String method,
        String sampler,
        int steps,
        double eta,
        String variance,
        int draws,
        long seed,
        List<Entry> ranking,
        @JsonInclude(JsonInclude.Include.NON_NULL) Selection selection) {

    /** Identifies the model set: its version and the sha256 of its manifest. */
    public record ModelSetRef(String version, String sha256) {}

    /**
     * One candidate measurement.
     *
     * @param rank 1 for the measurement most worth buying
     * @param score the ranking score ({@code disagreement} or {@code variance})
     * @param disagreement share of draws whose predicted class differs from {@code baseline}'s
     * @param variance total variance of the predicted class probabilities over the draws
     * @param baseline the prediction without the modality
     * @param drawPredictions how many draws led to each class, in {@code classes} order
     * @param diverged draws of the modality that diverged (all of them, or 0): anything but 0 means the
     *     sampler settings do not work for this model set, and the scores say nothing about the patient
     */
    @Schema(name = "RankedMeasurement")
    public record Entry(
            int rank,
            String patient,
            String modality,
            double score,
            double cost,
            @JsonProperty("score_per_cost") double scorePerCost,
            double disagreement,
            double variance,
            Prediction baseline,
            @JsonProperty("draw_predictions") Map<String, Integer> drawPredictions,

            @Schema(
                    description = "Draws of the modality that diverged: all of them when their variance across"
                            + " draws, averaged over the features, is more than 3 times the training data's (in the model"
                            + " set's standardized space), else 0. Anything but 0 means the sampler settings do not work"
                            + " for this model set and the scores say nothing about the patient; leave sampler, steps, eta"
                            + " and variance out for the safe default.")
            int diverged) {}

    /** A prediction: the most probable class and every class's probability. */
    public record Prediction(@JsonProperty("class") String predictedClass, Map<String, Double> probabilities) {}

    /**
     * The measurements chosen under a budget, greedily by score per unit cost (skipping any that no
     * longer fits).
     *
     * @param expectedChanges sum of the chosen pairs' disagreement: the expected number of predictions that change
     */
    public record Selection(
            double budget,
            List<Chosen> chosen,
            @JsonProperty("total_cost") double totalCost,
            @JsonProperty("expected_changes") double expectedChanges) {}

    /** A chosen measurement and its rank in {@code ranking}. */
    public record Chosen(int rank, String patient, String modality, double cost) {}
}
