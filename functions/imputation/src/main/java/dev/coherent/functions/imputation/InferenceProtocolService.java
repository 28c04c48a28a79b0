package dev.coherent.functions.imputation;

import static dev.coherent.functions.imputation.InferenceTensors.booleans;
import static dev.coherent.functions.imputation.InferenceTensors.expect;
import static dev.coherent.functions.imputation.InferenceTensors.floats;
import static dev.coherent.functions.imputation.InferenceTensors.integer;
import static dev.coherent.functions.imputation.InferenceTensors.longInteger;
import static dev.coherent.functions.imputation.InferenceTensors.number;
import static dev.coherent.functions.imputation.InferenceTensors.text;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coherent.functions.common.modelset.ModelSetLease;
import dev.coherent.functions.common.modelset.ModelSetService;
import dev.coherent.functions.common.modelset.ModelSetStatus;
import dev.coherent.functions.common.problem.CommonProblemType;
import dev.coherent.functions.common.problem.ProblemException;
import dev.coherent.functions.common.protocol.InferenceProtocolException;
import dev.coherent.functions.imputation.InferenceProtocol.InferenceRequest;
import dev.coherent.functions.imputation.InferenceProtocol.InferenceResponse;
import dev.coherent.functions.imputation.InferenceProtocol.ModelMetadata;
import dev.coherent.functions.imputation.InferenceProtocol.RequestInput;
import dev.coherent.functions.imputation.InferenceProtocol.RequestOutput;
import dev.coherent.functions.imputation.InferenceProtocol.ResponseOutput;
import dev.coherent.functions.imputation.InferenceProtocol.TensorMetadata;
import dev.coherent.modelset.InvalidQueryException;
import dev.coherent.modelset.ModelSet;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Translates the imputation model of the Open Inference Protocol into {@code POST /v1/impute} and
 * back, so that both APIs give the same numbers.
 *
 * <p>Inputs are FP32 tensors named after the provided modalities, shape {@code [n, dim]}, with an
 * optional BOOL tensor {@code <modality>_mask} of shape {@code [n]} when some of the n patients
 * lack that modality; patient i is named {@code "i"} (its row). Every patient gets every modality
 * it lacks; the outputs are {@code <modality>_mean}, {@code _std}, {@code _lower} and {@code _upper},
 * {@code [n, dim]}, for every modality imputed for some patient (a patient that has the modality
 * gets its own values, std 0). {@code draws}, {@code seed}, {@code method}, {@code sampler},
 * {@code steps}, {@code eta}, {@code variance} and {@code interval} travel in {@code parameters};
 * the answer's parameters carry the seed and sampler used.
 */
@ApplicationScoped
public class InferenceProtocolService {
    /** The model's name in {@code /v2/models/{name}}. */
    public static final String MODEL = "imputation";

    static final String PLATFORM = "coherent_diffusion";
    static final String MASK = "_mask";
    static final List<String> STATISTICS = List.of("mean", "std", "lower", "upper");
    private static final Set<String> PARAMETERS =
            Set.of("draws", "seed", "method", "sampler", "steps", "eta", "variance", "interval");

    private final ModelSetService modelSets;
    private final ImputationService imputation;
    private final ObjectMapper json;

    public InferenceProtocolService(ModelSetService modelSets, ImputationService imputation, ObjectMapper json) {
        this.modelSets = modelSets;
        this.imputation = imputation;
        this.json = json;
    }

    public ModelMetadata metadata(String name, String version) {
        try (ModelSetLease lease = lease(name, version)) {
            return metadata(lease.set());
        }
    }

    private ModelMetadata metadata(ModelSet set) {
        List<TensorMetadata> inputs = new ArrayList<>();
        List<TensorMetadata> outputs = new ArrayList<>();
        for (String m : set.modalities()) {
            long dim = set.modality(m).dim();
            inputs.add(new TensorMetadata(m, "FP32", List.of(-1L, dim)));
            inputs.add(new TensorMetadata(m + MASK, "BOOL", List.of(-1L)));
            for (String s : STATISTICS) {
                outputs.add(new TensorMetadata(m + "_" + s, "FP32", List.of(-1L, dim)));
            }
        }
        return new ModelMetadata(
                MODEL,
                modelSets.versions().stream()
                        .map(ModelSetService.Version::version)
                        .toList(),
                PLATFORM,
                inputs,
                outputs);
    }

    /** {@code {"name", "ready"}}: 200 when the model set is served, 400 otherwise (the protocol's false). */
    public Response ready(String name, String version) {
        known(name);
        ModelSetStatus s = modelSets.status();
        boolean ready = s.state() == ModelSetStatus.State.READY
                && (version == null
                        || modelSets.versions().stream()
                                .anyMatch(v -> v.version().equals(version)));
        return Response.status(ready ? 200 : 400)
                .type(MediaType.APPLICATION_JSON)
                .entity(Map.of("name", MODEL, "ready", ready))
                .build();
    }

    public InferenceResponse infer(String name, String version, String body) {
        try (ModelSetLease lease = lease(name, version)) {
            return infer(lease.set(), body);
        }
    }

    private InferenceResponse infer(ModelSet set, String body) {
        InferenceRequest request = parse(body);
        Inputs in = inputs(set, request.inputs());
        Map<String, JsonNode> parameters = request.parameters() == null ? Map.of() : request.parameters();
        for (String p : parameters.keySet()) {
            if (!PARAMETERS.contains(p)) {
                throw invalid("unknown parameter '" + p + "' (known: " + String.join(", ", sorted(PARAMETERS)) + ")");
            }
        }
        ImputeRequest impute = new ImputeRequest(
                in.patients(),
                null,
                text(parameters, "method"),
                integer(parameters, "draws"),
                longInteger(parameters, "seed"),
                number(parameters, "interval"),
                text(parameters, "sampler"),
                integer(parameters, "steps"),
                number(parameters, "eta"),
                text(parameters, "variance"),
                null,
                null,
                set.version());
        ImputeResponse answer;
        try {
            answer = imputation.impute(impute, "infer");
        } catch (ProblemException e) {
            throw InferenceProtocolException.of(e);
        } catch (InvalidQueryException e) {
            throw invalid(e.getMessage());
        }
        List<ResponseOutput> outputs = outputs(set, in, answer, request.outputs());
        Map<String, Object> echoed = new LinkedHashMap<>();
        echoed.put("seed", answer.seed());
        echoed.put("sampler", answer.sampler());
        echoed.put("steps", answer.steps());
        return new InferenceResponse(MODEL, set.version(), request.id(), echoed, outputs);
    }

    /** The patients of a request, with the row count and which rows provided which modality. */
    private record Inputs(
            int rows,
            List<ImputeRequest.Patient> patients,
            Map<String, float[]> values,
            Map<String, boolean[]> present) {}

    private Inputs inputs(ModelSet set, List<RequestInput> inputs) {
        if (inputs == null || inputs.isEmpty()) {
            throw invalid("no inputs: send one FP32 tensor [n, dim] per provided modality ("
                    + String.join(", ", set.modalities()) + ")");
        }
        Map<String, float[]> values = new LinkedHashMap<>();
        Map<String, boolean[]> masks = new LinkedHashMap<>();
        int rows = -1;
        Set<String> seen = new LinkedHashSet<>();
        for (RequestInput input : inputs) {
            if (input == null || input.name() == null) {
                throw invalid("an input has no name");
            }
            String name = input.name();
            if (!seen.add(name)) {
                throw invalid("input '" + name + "' is given twice");
            }
            boolean mask =
                    name.endsWith(MASK) && set.modalities().contains(name.substring(0, name.length() - MASK.length()));
            if (!mask && !set.modalities().contains(name)) {
                throw invalid("unknown input '" + name + "'; the inputs are the modalities ("
                        + String.join(", ", set.modalities()) + "), FP32 [n, dim], and <modality>" + MASK
                        + ", BOOL [n]");
            }
            List<Long> shape = input.shape();
            if (shape == null || shape.isEmpty()) {
                throw invalid("input '" + name + "' has no shape");
            }
            long n = shape.get(0);
            if (n < 1 || n > Integer.MAX_VALUE) {
                throw invalid("input '" + name + "': shape " + shape + " has no patients");
            }
            if (rows >= 0 && n != rows) {
                throw invalid("input '" + name + "' has " + n + " rows, another input " + rows
                        + "; every input has one row per patient");
            }
            rows = (int) n;
            if (mask) {
                expect(input, "BOOL", List.of(n));
                masks.put(name.substring(0, name.length() - MASK.length()), booleans(input, rows));
            } else {
                int dim = set.modality(name).dim();
                expect(input, "FP32", List.of(n, (long) dim));
                values.put(name, floats(input, rows * dim));
            }
        }
        for (String m : masks.keySet()) {
            if (!values.containsKey(m)) {
                throw invalid("input '" + m + MASK + "' has no input '" + m + "'");
            }
        }
        List<ImputeRequest.Patient> patients = new ArrayList<>(rows);
        Map<String, boolean[]> present = new LinkedHashMap<>();
        for (String m : values.keySet()) {
            boolean[] has = masks.getOrDefault(m, null);
            if (has == null) {
                has = new boolean[rows];
                java.util.Arrays.fill(has, true);
            }
            present.put(m, has);
        }
        for (int i = 0; i < rows; i++) {
            Map<String, float[]> modalities = new LinkedHashMap<>();
            for (Map.Entry<String, float[]> e : values.entrySet()) {
                if (present.get(e.getKey())[i]) {
                    int dim = set.modality(e.getKey()).dim();
                    modalities.put(e.getKey(), java.util.Arrays.copyOfRange(e.getValue(), i * dim, (i + 1) * dim));
                }
            }
            patients.add(new ImputeRequest.Patient(String.valueOf(i), modalities, null));
        }
        return new Inputs(rows, patients, values, present);
    }

    /** One [n, dim] tensor per statistic of every modality imputed for some patient, or those requested. */
    private List<ResponseOutput> outputs(
            ModelSet set, Inputs in, ImputeResponse answer, List<RequestOutput> requested) {
        Map<String, ResponseOutput> all = new LinkedHashMap<>();
        for (String m : set.modalities()) {
            boolean imputed =
                    answer.patients().stream().anyMatch(p -> p.imputed().containsKey(m));
            if (!imputed) {
                continue;
            }
            int dim = set.modality(m).dim();
            for (String s : STATISTICS) {
                float[] data = new float[in.rows() * dim];
                for (int i = 0; i < in.rows(); i++) {
                    ImputeResponse.Imputed x =
                            answer.patients().get(i).imputed().get(m);
                    float[] row = x != null
                            ? statistic(x, s)
                            : s.equals("std")
                                    ? new float[dim]
                                    : java.util.Arrays.copyOfRange(in.values().get(m), i * dim, (i + 1) * dim);
                    System.arraycopy(row, 0, data, i * dim, dim);
                }
                all.put(
                        m + "_" + s,
                        new ResponseOutput(m + "_" + s, List.of((long) in.rows(), (long) dim), "FP32", data));
            }
        }
        if (requested == null || requested.isEmpty()) {
            return List.copyOf(all.values());
        }
        List<ResponseOutput> out = new ArrayList<>();
        for (RequestOutput r : requested) {
            ResponseOutput o = r == null ? null : all.get(r.name());
            if (o == null) {
                throw invalid("output '" + (r == null ? null : r.name()) + "' is not produced by this request; it"
                        + " produces " + String.join(", ", all.keySet()));
            }
            out.add(o);
        }
        return out;
    }

    private static float[] statistic(ImputeResponse.Imputed x, String s) {
        return switch (s) {
            case "mean" -> x.mean();
            case "std" -> x.std();
            case "lower" -> x.lower();
            default -> x.upper();
        };
    }

    private InferenceRequest parse(String body) {
        if (body == null || body.isBlank()) {
            throw invalid("the request body is empty; send an inference request object with \"inputs\"");
        }
        try {
            return json.readValue(body, InferenceRequest.class);
        } catch (JsonProcessingException e) {
            String message =
                    e.getOriginalMessage() == null ? "" : e.getOriginalMessage().split("\n", 2)[0];
            throw invalid("not a valid inference request: "
                    + message.replaceAll(" \\(class [^)]*\\)", "").replaceAll("`[a-z]+(\\.[A-Za-z$]+)+`", "value"));
        }
    }

    /** The set of {@code version} (the served one when null), lent until closed; errors as the protocol's. */
    private ModelSetLease lease(String name, String version) {
        known(name);
        try {
            return modelSets.lease(version);
        } catch (ProblemException e) {
            if (e.problem() == CommonProblemType.MODEL_VERSION_NOT_LOADED) {
                throw new InferenceProtocolException(
                        404,
                        "model '" + MODEL + "' has no version '" + version + "'; it serves "
                                + modelSets.versions().stream()
                                        .map(v -> "'" + v.version() + "'")
                                        .toList());
            }
            throw InferenceProtocolException.of(e);
        }
    }

    private static void known(String name) {
        if (!MODEL.equals(name)) {
            throw new InferenceProtocolException(404, "unknown model '" + name + "'; this server has '" + MODEL + "'");
        }
    }

    private static List<String> sorted(Set<String> s) {
        return s.stream().sorted().toList();
    }

    private static InferenceProtocolException invalid(String message) {
        return new InferenceProtocolException(400, message);
    }
}
