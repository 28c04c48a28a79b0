package dev.coherent.imputation;

import java.util.Map;

/**
 * One patient's observed modalities as raw named features.
 *
 * @param modalities modality name → raw values; a missing modality is simply absent
 */
public record RawPatientInput(String id, Map<String, RawValues> modalities) {
    public RawPatientInput {
        modalities = Map.copyOf(modalities);
    }
}
