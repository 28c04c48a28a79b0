package dev.coherent.functions.imputation;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.coherent.functions.common.request.NamedValuesDeserializer;
import dev.coherent.functions.common.request.SamplerRequests;
import dev.coherent.functions.common.request.VectorDeserializer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Body of {@code POST /v1/impute}. Every field but {@code patients} is optional; the defaults come
 * from {@code coherent.defaults.*}.
 */
@Schema(
        description =
                "Patients with their observed modalities (in the units of the uploaded data) and how to impute the rest.")
public record ImputeRequest(
        @Schema(required = true, description = "Patients; ids must be unique within a request.")
        List<Patient> patients,

        @Schema(
                description = "Modalities to impute for every patient; default: every modality a patient lacks.",
                examples = "[\"cna\"]")
        List<String> targets,

        @Schema(
                description = "auto (the method training chose for the target and condition set), coherent, multi"
                        + " or linear.",
                enumeration = {"auto", "coherent", "multi", "linear"})
        String method,

        @Schema(description = "Draws per patient and target; the answer summarizes them.", minimum = "1")
        Integer draws,

        @Schema(description = "Seed of the draws; random (and echoed in the answer) when absent.")
        Long seed,

        @Schema(description = "Level of the central interval, between 0 and 1.", examples = "0.9")
        Double interval,

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

        @Schema(
                description = "latent (default): patients give \"modalities\" as code vectors and get codes back. raw "
                        + "(model sets trained on a raw cohort): patients give \"features\" by name and get the imputed "
                        + "modalities decoded into the model's feature space.",
                enumeration = {"latent", "raw"})
        String space,

        @Schema(description = "raw space only: also return the imputed code of each modality.")
        Boolean latent,

        @Schema(
                description = "Version of the model set to answer with, among the loaded ones (GET /v1/models,"
                        + " \"versions\"); default: the newest published.")
        @JsonProperty("model_version")
        String modelVersion) {

    /** One patient: an id and the modalities it has; a missing modality is left out. */
    @Schema(name = "PatientInput")
    public record Patient(
            @Schema(required = true, examples = "P1") String id,

            @Schema(description = "Latent space: modality name → code vector (finite numbers).")
            @JsonDeserialize(contentUsing = VectorDeserializer.class)
            Map<String, float[]> modalities,

            @Schema(description = "Raw space: modality name → {feature name → raw value, null = missing cell}.")
            @JsonDeserialize(contentUsing = NamedValuesDeserializer.class)
            Map<String, LinkedHashMap<String, Float>> features) {}
}
