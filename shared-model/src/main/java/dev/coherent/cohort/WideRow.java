package dev.coherent.cohort;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One patient's row of a wide table.
 *
 * @param sample the sample id
 * @param present the values of each modality the patient has, in schema order; absent modalities
 *     are left out. Arrays are shared, not copied.
 */
public record WideRow(String sample, Map<String, float[]> present) {
    public WideRow {
        // Map.copyOf would lose the schema order.
        present = Collections.unmodifiableMap(new LinkedHashMap<>(present));
    }
}
