package dev.coherent.functions.common.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The shared problem type URIs and statuses are a contract with clients: they never change. */
class CommonProblemTypeTest {

    @Test
    void typeUrisAndStatusesAreStable() {
        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("/problems/malformed-json", 400);
        expected.put("/problems/invalid-request", 400);
        expected.put("/problems/payload-too-large", 413);
        expected.put("/problems/unsupported-media-type", 415);
        expected.put("/problems/not-found", 404);
        expected.put("/problems/method-not-allowed", 405);
        expected.put("/problems/not-acceptable", 406);
        expected.put("/problems/model-set-unavailable", 503);
        expected.put("/problems/model-version-not-loaded", 404);
        expected.put("/problems/busy", 503);
        expected.put("/problems/request-timeout", 408);
        expected.put("/problems/internal-error", 500);
        expected.put("/problems/too-many-patients", 413);
        expected.put("/problems/unconditional-generation-refused", 422);
        // Every constant, so that an added or removed one fails here too.
        assertEquals(
                expected,
                Arrays.stream(CommonProblemType.class.getFields())
                        .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == ProblemType.class)
                        .map(CommonProblemTypeTest::value)
                        .collect(Collectors.toMap(
                                ProblemType::type, ProblemType::status, (a, b) -> a, LinkedHashMap::new)));
    }

    @Test
    void aProblemResponseCopiesTheType() {
        assertEquals(
                new ProblemResponse("/problems/not-found", "Not found", 404, "nothing at /x", "/x"),
                ProblemResponse.of(CommonProblemType.NOT_FOUND, "nothing at /x", "/x"));
        assertEquals("application/problem+json", ProblemType.MEDIA_TYPE);
        assertEquals(
                new ProblemType(422, "/problems/invalid-upload", "Upload cannot be read"),
                ProblemType.of(422, "invalid-upload", "Upload cannot be read"));
    }

    private static ProblemType value(Field f) {
        try {
            return (ProblemType) f.get(null);
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }
}
