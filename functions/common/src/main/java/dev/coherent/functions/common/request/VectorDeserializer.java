package dev.coherent.functions.common.request;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.util.Arrays;

/**
 * Reads a feature vector strictly: an array of JSON numbers, nothing else.
 *
 * <p>Jackson's default would turn {@code null} into 0 and {@code "1.5"} into 1.5; here both are
 * refused with an {@link InvalidVectorException} that names the element, and Jackson adds the
 * path ({@code patients[0].modalities.rnaseq}). {@code NaN} and {@code Infinity} tokens are read
 * as numbers (see {@link JsonCustomizer}) so that the engine refuses them naming the patient.
 */
public final class VectorDeserializer extends StdDeserializer<float[]> {
    private static final long serialVersionUID = 1L;

    public VectorDeserializer() {
        super(float[].class);
    }

    @Override
    public float[] deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (!p.isExpectedStartArrayToken()) {
            throw new InvalidVectorException(p, "expected an array of numbers, got " + describe(p.currentToken()));
        }
        float[] out = new float[64];
        int n = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
                throw new InvalidVectorException(p, "element " + n + " is " + describe(t) + ", not a number");
            }
            if (n == out.length) {
                out = Arrays.copyOf(out, n * 2);
            }
            out[n++] = p.getFloatValue();
        }
        return Arrays.copyOf(out, n);
    }

    private static String describe(JsonToken t) {
        if (t == null) {
            return "nothing";
        }
        return switch (t) {
            case VALUE_NULL -> "null";
            case VALUE_STRING -> "a string";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            default -> "not a value";
        };
    }

    /**
     * A vector that is not an array of numbers, or raw features that are not an object of numbers
     * ({@link NamedValuesDeserializer}); the message names the element or feature, never its value.
     */
    public static final class InvalidVectorException extends JsonMappingException {
        private static final long serialVersionUID = 1L;

        InvalidVectorException(JsonParser p, String message) {
            super(p, message);
        }
    }
}
