package dev.coherent.imputation;

import dev.coherent.diffusion.SamplerSettings;
import dev.coherent.modelset.ImputationMethod;
import java.util.List;

/**
 * What to impute from raw features and how; the fields shared with {@link ImputationRequest} mean
 * the same.
 *
 * @param targets modalities to impute for every patient; empty = every modality a patient lacks
 * @param keepDraws also return every decoded draw (preprocessed units)
 * @param includeLatent also return the imputed code (the model set's latent space) and its spread
 */
public record RawImputationRequest(
        List<RawPatientInput> patients,
        List<String> targets,
        ImputationMethod method,
        int draws,
        long seed,
        double interval,
        SamplerSettings sampler,
        boolean keepDraws,
        boolean includeLatent) {

    public RawImputationRequest {
        patients = List.copyOf(patients);
        targets = targets == null ? List.of() : List.copyOf(targets);
    }

    /** The same settings for other patients (chunks of a table). */
    public RawImputationRequest withPatients(List<RawPatientInput> newPatients) {
        return new RawImputationRequest(
                newPatients, targets, method, draws, seed, interval, sampler, keepDraws, includeLatent);
    }
}
