package dev.coherent.functions.imputation;

import dev.coherent.functions.common.problem.CommonProblemType;
import dev.coherent.functions.common.problem.ProblemException;
import dev.coherent.functions.common.request.PatientRequests;
import dev.coherent.imputation.PatientInput;
import dev.coherent.imputation.RawPatientInput;
import dev.coherent.imputation.RawValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request's patients as the engine's inputs (codes, or raw features by name), after the checks
 * every function makes ({@link PatientRequests}) and the privacy gate: a patient with nothing
 * observed is refused unless {@code coherent.privacy.allow-unconditional} is on.
 */
final class RequestPatients {
    private RequestPatients() {}

    /** One raw patient of the request as the engine's input; applies the privacy gate. */
    static RawPatientInput raw(int index, ImputeRequest.Patient p, boolean allowUnconditional) {
        String id = checkId(index, p);
        if (p.modalities() != null && !p.modalities().isEmpty()) {
            throw new ProblemException(
                    CommonProblemType.INVALID_REQUEST,
                    "patient '" + id + "': space raw takes \"features\" (modality → {feature: value}), not"
                            + " \"modalities\" code vectors");
        }
        Map<String, LinkedHashMap<String, Float>> features = p.features() == null ? Map.of() : p.features();
        PatientRequests.noNullModality(id, features);
        Map<String, RawValues> modalities = new LinkedHashMap<>();
        for (Map.Entry<String, LinkedHashMap<String, Float>> e : features.entrySet()) {
            float[] values = new float[e.getValue().size()];
            int j = 0;
            for (Float v : e.getValue().values()) {
                values[j++] = v;
            }
            modalities.put(
                    e.getKey(), new RawValues(new ArrayList<>(e.getValue().keySet()), values));
        }
        gate(id, modalities.isEmpty(), allowUnconditional);
        return new RawPatientInput(id, modalities);
    }

    /** One patient of the request as the engine's input; applies the privacy gate. */
    static PatientInput latent(int index, ImputeRequest.Patient p, boolean allowUnconditional) {
        String id = checkId(index, p);
        if (p.features() != null && !p.features().isEmpty()) {
            throw new ProblemException(
                    CommonProblemType.INVALID_REQUEST,
                    "patient '" + id + "': \"features\" by name need \"space\": \"raw\"");
        }
        Map<String, float[]> modalities = p.modalities() == null ? Map.of() : p.modalities();
        PatientRequests.noNullModality(id, modalities);
        gate(id, modalities.isEmpty(), allowUnconditional);
        return new PatientInput(id, modalities);
    }

    private static String checkId(int index, ImputeRequest.Patient p) {
        return PatientRequests.id(index, p, p == null ? null : p.id());
    }

    /** The privacy gate: no observed modality means unconditional generation, refused unless configured. */
    private static void gate(String id, boolean nothingObserved, boolean allowUnconditional) {
        if (nothingObserved && !allowUnconditional) {
            throw PatientRequests.unconditionalRefused(id, ImputationService.UNCONDITIONAL);
        }
    }
}
