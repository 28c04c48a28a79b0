package dev.coherent.tf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

class ServingSessionsTest {
    private static final Map<String, long[]> SHAPES = Map.of("w", new long[] {2, 3}, "b", new long[] {3});

    @Test
    void assignsEveryNetworkInOneCall() {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            WeightVariables first = new WeightVariables(tf, SHAPES, "first.");
            WeightVariables second = new WeightVariables(tf, SHAPES, "second.");
            Map<WeightVariables, Map<String, float[]>> weights = new LinkedHashMap<>();
            weights.put(first, Map.of("w", new float[] {1, 2, 3, 4, 5, 6}, "b", new float[] {7, 8, 9}));
            weights.put(second, Map.of("w", new float[] {-1, -2, -3, -4, -5, -6}, "b", new float[] {0, 0, 1}));
            try (Session s = ServingSessions.open(g, weights);
                    Result r = s.runner()
                            .fetch(first.get("w"))
                            .fetch(second.get("b"))
                            .run()) {
                assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, Tensors.toArray(r.get(0)));
                assertArrayEquals(new float[] {0, 0, 1}, Tensors.toArray(r.get(1)));
            }
        }
    }

    @Test
    void aFailedAssignmentClosesItsSession() {
        Graph g = new Graph();
        Ops tf = Ops.create(g);
        WeightVariables vars = new WeightVariables(tf, SHAPES, "");
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> ServingSessions.open(g, Map.of(vars, Map.of("w", new float[6]))));
        assertTrue(e.getMessage().contains("no value for parameter b"), e.getMessage());
        // Graph.close() waits for every session on the graph: it returns only if the session was closed.
        assertTimeoutPreemptively(Duration.ofSeconds(10), g::close);
    }
}
