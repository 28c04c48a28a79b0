package dev.coherent.functions.prioritization;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.coherent.functions.common.request.SamplerRequests;
import dev.coherent.functions.common.request.VectorDeserializer;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of {@code POST /v1/prioritize}. Every field but {@code patients} is optional; the defaults
 * come from {@code coherent.defaults.*}.
 */
@Schema(
        description = "Patients with their observed modalities (in the units of the uploaded data), which missing"
                + " modalities could be measured, at what cost, and how to score them.")
public record PrioritizeRequest(
        @Schema(required = true, description = "Patients; ids must be unique within a request.")
        List<Patient> patients,

        @Schema(
                description = "The label whose classifier judges the predictions (the model set must have its"
                        + " classifier); default coherent.defaults.label.",
                examples = "stage")
        String label,

        @Schema(
                description = "Modalities that could be measured; every patient must lack each of them. Default: for"
                        + " each patient, every modality it lacks.",
                examples = "[\"rnaseq\", \"wsi\"]")
        List<String> candidates,

        @Schema(
                description = "Cost of measuring each modality (positive); a modality not listed costs"
                        + " coherent.defaults.costs.<modality>, else 1.")
        Map<String, Double> costs,

        @Schema(
                description = "Total cost that may be spent (at least 0); when given, the answer also has the"
                        + " measurements chosen under it, greedily by score per unit cost.",
                minimum = "0")
        Double budget,

        @Schema(description = "Draws of each candidate modality per patient.", minimum = "1")
        Integer draws,

        @Schema(
                description =
                        "The score that ranks: disagreement (share of draws whose prediction differs from the"
                                + " prediction without the modality) or variance (of the predicted class probabilities over draws).",
                enumeration = {"disagreement", "variance"})
        String score,

        @Schema(
                description = "auto (the method training chose for the target and condition set), coherent, multi"
                        + " or linear.",
                enumeration = {"auto", "coherent", "multi", "linear"})
        String method,

        @Schema(
                description = SamplerRequests.SAMPLER_DOC,
                enumeration = {"ddim", "ddpm"})
        String sampler,

        @Schema(description = SamplerRequests.STEPS_DOC, minimum = "1")
        Integer steps,

        @Schema(description = SamplerRequests.ETA_DOC) Double eta,

        @Schema(
                description = SamplerRequests.VARIANCE_DOC,
                enumeration = {"auto", "analytic", "fixed"})
        String variance,

        @Schema(description = "Seed of the draws; random (and echoed in the answer) when absent.")
        Long seed) {

    /** One patient: an id and the modalities it has; a missing modality is left out. */
    @Schema(name = "PatientInput")
    public record Patient(
            @Schema(required = true, examples = "P1") String id,

            @Schema(required = true, description = "Modality name → feature vector (finite numbers).")
            @JsonDeserialize(contentUsing = VectorDeserializer.class)
            Map<String, float[]> modalities) {}
}
