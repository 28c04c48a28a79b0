package dev.coherent.functions.imputation;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.coherent.functions.common.modelset.ModelSetService;
import dev.coherent.modelset.CohortInfo;
import dev.coherent.modelset.ScheduleInfo;
import java.util.List;
import java.util.Map;

/** Answer of {@code GET /v1/models}: the served model set and what it can do. */
public record ModelsResponse(
        @JsonProperty("model_set") ModelSetSummary modelSet,
        List<Modality> modalities,
        List<Target> targets,
        List<Model> models,
        Defaults defaults,
        Limits limits,
        @JsonProperty("unconditional_allowed") boolean unconditionalAllowed,
        /** The loaded sets, the served one first; a request's {@code model_version} may name any of them. */
        List<ModelSetService.Version> versions) {

    /** Version, manifest sha256, creation time, training cohort, training configuration and provenance. */
    public record ModelSetSummary(
            String version,
            String sha256,
            @JsonProperty("created_at") String createdAt,
            CohortInfo cohort,
            ScheduleInfo schedule,
            Map<String, Object> training,
            Map<String, String> provenance) {}

    /** A modality, its dimension and how many training patients had it. */
    public record Modality(
            String name,
            int dim,
            @JsonProperty("training_patients") int trainingPatients) {}

    /**
     * A target: the methods available when every other modality is observed, and the validation
     * score (MSE of the mean of a few draws, standardized units) per condition set and method that
     * {@code auto} chooses by.
     */
    public record Target(String name, List<String> methods, List<Score> validation) {}

    public record Score(List<String> conditions, String method, double mse) {}

    /** One denoiser of the set. */
    public record Model(
            String name,
            String role,
            String target,
            List<String> conditions,
            @JsonProperty("validation_mse") double validationMse,
            long parameters) {}

    /** What a request gets for each field it leaves out. */
    public record Defaults(
            String method, String sampler, int steps, double eta, String variance, int draws, double interval) {}

    /** Bounds on one request. */
    public record Limits(
            @JsonProperty("max_patients") int maxPatients,
            @JsonProperty("max_draws") int maxDraws,
            @JsonProperty("max_steps") int maxSteps,
            @JsonProperty("max_body_bytes") long maxBodyBytes) {}
}
