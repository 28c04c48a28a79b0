package dev.coherent.functions.imputation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coherent.functions.common.protocol.InferenceProtocolException;
import dev.coherent.functions.imputation.InferenceProtocol.RequestInput;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Decodes the Open Inference Protocol's request tensors (flat or nested data, checked against
 * datatype and shape) and parameters (typed, strict); every problem is a 400 naming the input.
 */
final class InferenceTensors {
    private InferenceTensors() {}

    static void expect(RequestInput input, String datatype, List<Long> shape) {
        if (!datatype.equals(input.datatype())) {
            throw invalid("input '" + input.name() + "' must be " + datatype + ", got " + input.datatype());
        }
        if (!shape.equals(input.shape())) {
            throw invalid("input '" + input.name() + "' must have shape " + shape + ", got " + input.shape());
        }
    }

    /** Row-major values, from flat or nested arrays: finite numbers only. */
    static float[] floats(RequestInput input, int count) {
        List<JsonNode> flat = flatten(input, count);
        float[] out = new float[count];
        for (int i = 0; i < count; i++) {
            JsonNode v = flat.get(i);
            if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
                throw invalid("input '" + input.name() + "': element " + i + " is not a finite number");
            }
            out[i] = v.floatValue();
        }
        return out;
    }

    static boolean[] booleans(RequestInput input, int count) {
        List<JsonNode> flat = flatten(input, count);
        boolean[] out = new boolean[count];
        for (int i = 0; i < count; i++) {
            if (!flat.get(i).isBoolean()) {
                throw invalid("input '" + input.name() + "': element " + i + " is not true or false");
            }
            out[i] = flat.get(i).booleanValue();
        }
        return out;
    }

    private static List<JsonNode> flatten(RequestInput input, int count) {
        List<JsonNode> out = new ArrayList<>(count);
        if (input.data() == null || !input.data().isArray()) {
            throw invalid("input '" + input.name() + "' has no data array");
        }
        flatten(input.data(), out, count + 1);
        if (out.size() != count) {
            throw invalid("input '" + input.name() + "' has " + (out.size() > count ? "more than " + count : out.size())
                    + " values; its shape " + input.shape() + " needs " + count);
        }
        return out;
    }

    private static void flatten(JsonNode node, List<JsonNode> out, int limit) {
        for (JsonNode e : node) {
            if (out.size() >= limit) {
                return;
            }
            if (e.isArray()) {
                flatten(e, out, limit);
            } else {
                out.add(e);
            }
        }
    }

    static String text(Map<String, JsonNode> p, String key) {
        return parameter(p, key, JsonNode::isTextual, JsonNode::textValue, "a string");
    }

    static Integer integer(Map<String, JsonNode> p, String key) {
        return parameter(
                p, key, v -> v.isIntegralNumber() && v.canConvertToInt(), JsonNode::intValue, "a whole number");
    }

    static Long longInteger(Map<String, JsonNode> p, String key) {
        return parameter(
                p, key, v -> v.isIntegralNumber() && v.canConvertToLong(), JsonNode::longValue, "a whole number");
    }

    static Double number(Map<String, JsonNode> p, String key) {
        return parameter(p, key, JsonNode::isNumber, JsonNode::doubleValue, "a number");
    }

    /** A parameter's value, null when absent; a 400 naming it when {@code valid} refuses it. */
    private static <T> T parameter(
            Map<String, JsonNode> p,
            String key,
            Predicate<JsonNode> valid,
            Function<JsonNode, T> value,
            String expected) {
        JsonNode v = p.get(key);
        if (v == null) {
            return null;
        }
        if (!valid.test(v)) {
            throw invalid("parameter '" + key + "' must be " + expected);
        }
        return value.apply(v);
    }

    private static InferenceProtocolException invalid(String message) {
        return new InferenceProtocolException(400, message);
    }
}
