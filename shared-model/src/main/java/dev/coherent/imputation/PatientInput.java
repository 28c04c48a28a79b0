package dev.coherent.imputation;

import java.util.Map;

/**
 * One patient's observed modalities, in the units of the uploaded data.
 *
 * @param modalities modality name → feature vector; a missing modality is simply absent
 */
public record PatientInput(String id, Map<String, float[]> modalities) {
    public PatientInput {
        modalities = Map.copyOf(modalities);
    }
}
