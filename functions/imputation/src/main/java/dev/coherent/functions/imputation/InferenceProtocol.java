package dev.coherent.functions.imputation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** The JSON objects of the Open Inference Protocol (V2) REST API that the imputation model uses. */
public final class InferenceProtocol {
    private InferenceProtocol() {}

    /** {@code $metadata_tensor}: variable dimensions are -1. */
    public record TensorMetadata(String name, String datatype, List<Long> shape) {}

    /** {@code $metadata_model_response}. */
    public record ModelMetadata(
            String name,
            List<String> versions,
            String platform,
            List<TensorMetadata> inputs,
            List<TensorMetadata> outputs) {}

    /** {@code $inference_request}; {@code data} stays JSON until its shape and type are checked. */
    public record InferenceRequest(
            String id, Map<String, JsonNode> parameters, List<RequestInput> inputs, List<RequestOutput> outputs) {}

    /** {@code $request_input}. */
    public record RequestInput(
            String name, List<Long> shape, String datatype, Map<String, JsonNode> parameters, JsonNode data) {}

    /** {@code $request_output}. */
    public record RequestOutput(String name, Map<String, JsonNode> parameters) {}

    /** {@code $inference_response}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record InferenceResponse(
            @JsonProperty("model_name") String modelName,
            @JsonProperty("model_version") String modelVersion,
            String id,
            Map<String, Object> parameters,
            List<ResponseOutput> outputs) {}

    /** {@code $response_output}: row-major data. */
    public record ResponseOutput(String name, List<Long> shape, String datatype, float[] data) {}
}
