package dev.coherent.functions.imputation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Answer of {@code POST /v1/impute}: which model set and settings answered, then one entry per patient in request order. */
public record ImputeResponse(
        @JsonProperty("model_set") ModelSetRef modelSet,
        String space,
        long seed,
        String sampler,
        int steps,
        double eta,
        String variance,
        double interval,
        List<Patient> patients) {

    /** Identifies the model set: its version and the sha256 of its manifest. */
    public record ModelSetRef(String version, String sha256) {}

    /** The imputed modalities of one patient, by modality name, and how unlike the training data its input is. */
    @Schema(name = "PatientImputation")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Patient(
            String id,
            Map<String, Imputed> imputed,

            @Schema(
                    description = "How unlike the training data the provided modalities are (absent where the model"
                            + " set gives no verdict: trained before its thresholds, or on a raw cohort of fewer than"
                            + " 100 training patients; `coherent describe` says which).")
            Ood ood) {}

    /**
     * The out-of-distribution verdict of a patient ({@link dev.coherent.imputation.OutOfDistribution}):
     * {@code score} is the largest per-modality ratio, {@code modality} where it is, flagged above 1.
     */
    public record Ood(double score, double threshold, boolean flagged, String modality) {
        static Ood of(dev.coherent.imputation.OutOfDistribution o) {
            return o == null ? null : new Ood(o.score(), o.threshold(), o.flagged(), o.modality());
        }
    }

    /**
     * One imputed modality, in data units: the mean of the draws, their per-feature standard
     * deviation and central interval, the method that answered, how many draws Coherent Denoising
     * rejected (and regenerated) and how many diverged. In raw space every draw is decoded before it
     * is summarized, {@code features} names the entries, and {@code latent} holds the code when asked.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Imputed(
            @Schema(description = "Raw space: the feature of each entry (the model's kept features).")
            List<String> features,

            float[] mean,
            float[] std,
            float[] lower,
            float[] upper,

            @Schema(
                    description = "Whether lower and upper are the model set's conformal calibration for this target,"
                            + " condition set, method and number of draws (the draws' mean ± a multiplier measured on held-out"
                            + " patients, so the interval's level holds), or the raw central interval of the draws (sets"
                            + " without calibration, fewer than 4 draws, an interval above 0.99, raw space).")
            boolean calibrated,

            String method,
            int draws,

            @Schema(description = "Draws whose first attempt Coherent Denoising rejected (then regenerated).")
            int rejected,

            @Schema(
                    description = "Draws that diverged: all of them when their variance across draws, averaged over"
                            + " the features, is more than 3 times the training data's (in the model set's standardized"
                            + " space), else 0. Anything but 0 means the sampler settings do not work for this model set"
                            + " and the numbers are not the model's; leave sampler, steps, eta and variance out for the"
                            + " safe default.")
            int diverged,

            @Schema(description = "Raw space with \"latent\": true: the imputed code.")
            Imputed latent) {}
}
