package dev.coherent.functions.common.request;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.util.LinkedHashMap;

/**
 * Reads one modality's raw features strictly: an object of feature name → JSON number or
 * {@code null} (a missing cell, read as {@code NaN}).
 *
 * <p>Jackson's default would turn {@code "1.5"} into 1.5; here a string, boolean or nested value is
 * refused naming the feature (never a value), and Jackson adds the path
 * ({@code patients[0].features.rnaseq}). A feature given twice is refused too, since the second
 * would silently win. Errors are {@link VectorDeserializer.InvalidVectorException}s, so the problem
 * mapper words them as it words bad vectors.
 */
public final class NamedValuesDeserializer extends StdDeserializer<LinkedHashMap<String, Float>> {
    private static final long serialVersionUID = 1L;

    public NamedValuesDeserializer() {
        super(LinkedHashMap.class);
    }

    @Override
    public LinkedHashMap<String, Float> deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new VectorDeserializer.InvalidVectorException(p, "expected an object of feature name → number");
        }
        LinkedHashMap<String, Float> out = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            float v;
            if (t == JsonToken.VALUE_NULL) {
                v = Float.NaN;
            } else if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                v = p.getFloatValue();
            } else {
                throw new VectorDeserializer.InvalidVectorException(
                        p, "feature '" + name + "' is not a number (or null for a missing cell)");
            }
            if (out.put(name, v) != null) {
                throw new VectorDeserializer.InvalidVectorException(p, "feature '" + name + "' appears twice");
            }
        }
        return out;
    }
}
