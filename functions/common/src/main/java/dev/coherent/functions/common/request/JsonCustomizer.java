package dev.coherent.functions.common.request;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Lets the parser read {@code NaN} and {@code Infinity} as numbers, so that a vector holding them
 * is refused by the engine with the patient and element named, instead of failing as malformed
 * JSON with only a line and column; and refuses a number with a fraction or exponent for an
 * integer field instead of truncating it.
 */
@Singleton
public class JsonCustomizer implements ObjectMapperCustomizer {
    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS.mappedFeature());
        // Integer fields (draws, steps, seed) take integers only: 2.5 draws is a mistake, not 2.
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    }
}
