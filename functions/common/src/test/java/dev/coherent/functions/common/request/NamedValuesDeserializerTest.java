package dev.coherent.functions.common.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Raw features are an object of feature name → number or null, in order; anything else names the feature. */
class NamedValuesDeserializerTest {
    record Holder(
            @JsonDeserialize(using = NamedValuesDeserializer.class)
            LinkedHashMap<String, Float> v) {}

    private final ObjectMapper json = new ObjectMapper();

    private LinkedHashMap<String, Float> read(String object) throws Exception {
        return json.readValue("{\"v\":" + object + "}", Holder.class).v();
    }

    @Test
    void readsNumbersAndNullsInOrder() throws Exception {
        LinkedHashMap<String, Float> v = read("{\"TP53\": 12.5, \"MDM2\": null, \"AKT1\": 3}");
        assertEquals(List.of("TP53", "MDM2", "AKT1"), List.copyOf(v.keySet()));
        assertEquals(12.5f, v.get("TP53"));
        assertEquals(Float.NaN, v.get("MDM2"), "null is a missing cell");
        assertEquals(3f, v.get("AKT1"));
    }

    @Test
    void refusesAnythingElseNamingTheFeatureNotItsValue() {
        assertEquals(
                "feature 'TP53' is not a number (or null for a missing cell)",
                assertThrows(VectorDeserializer.InvalidVectorException.class, () -> read("{\"TP53\": \"12.5\"}"))
                        .getOriginalMessage());
        assertEquals(
                "feature 'TP53' appears twice",
                assertThrows(VectorDeserializer.InvalidVectorException.class, () -> read("{\"TP53\": 1, \"TP53\": 2}"))
                        .getOriginalMessage());
        assertEquals(
                "expected an object of feature name → number",
                assertThrows(VectorDeserializer.InvalidVectorException.class, () -> read("[1, 2]"))
                        .getOriginalMessage());
    }
}
