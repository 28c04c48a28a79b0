package dev.coherent.imputation;

import dev.coherent.diffusion.SamplerSettings;
import dev.coherent.modelset.ImputationMethod;
import java.util.List;

/**
 * What to impute and how.
 *
 * @param targets modalities to impute for every patient; {@code null} or empty = every modality a
 *     patient lacks
 * @param draws samples per patient and target; the answer summarizes them
 * @param seed seeds every draw (with the patient id, target and draw number)
 * @param interval central interval level, e.g. 0.9
 * @param keepDraws also return every draw (in data units)
 */
public record ImputationRequest(
        List<PatientInput> patients,
        List<String> targets,
        ImputationMethod method,
        int draws,
        long seed,
        double interval,
        SamplerSettings sampler,
        boolean keepDraws) {
    public static final int DEFAULT_DRAWS = 10;
    public static final double DEFAULT_INTERVAL = 0.9;

    public ImputationRequest {
        patients = List.copyOf(patients);
        targets = targets == null ? List.of() : List.copyOf(targets);
    }
}
