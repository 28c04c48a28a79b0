package dev.coherent.functions.common.request;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import org.junit.jupiter.api.Test;

/** Vectors are arrays of JSON numbers and nothing else; NaN and Infinity are numbers for the engine to refuse. */
class VectorDeserializerTest {
    record Holder(
            @JsonDeserialize(using = VectorDeserializer.class)
            float[] v) {}

    private final ObjectMapper json =
            new ObjectMapper().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS.mappedFeature());

    private float[] read(String vector) throws Exception {
        return json.readValue("{\"v\":" + vector + "}", Holder.class).v();
    }

    @Test
    void readsNumbersOfAnyLength() throws Exception {
        assertArrayEquals(new float[] {1, 2.5f, -3}, read("[1, 2.5, -3]"));
        assertArrayEquals(new float[0], read("[]"));
        assertEquals(100, read("[" + "1,".repeat(99) + "1]").length);
        assertEquals(Float.NaN, read("[NaN]")[0]);
    }

    @Test
    void refusesAnythingElseNamingTheElementNotItsValue() {
        VectorDeserializer.InvalidVectorException e =
                assertThrows(VectorDeserializer.InvalidVectorException.class, () -> read("[1.5, null]"));
        assertEquals("element 1 is null, not a number", e.getOriginalMessage());
        assertEquals(
                "element 0 is a string, not a number",
                assertThrows(VectorDeserializer.InvalidVectorException.class, () -> read("[\"1.5\"]"))
                        .getOriginalMessage());
        assertEquals(
                "expected an array of numbers, got a string",
                assertThrows(VectorDeserializer.InvalidVectorException.class, () -> read("\"abc\""))
                        .getOriginalMessage());
    }
}
