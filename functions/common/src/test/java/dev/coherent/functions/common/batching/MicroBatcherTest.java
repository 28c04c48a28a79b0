package dev.coherent.functions.common.batching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Merging, isolation of failures and the off switch of {@link MicroBatcher}. */
class MicroBatcherTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(8);
    private final List<List<Integer>> calls = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    /** Times ten; refuses negative items. */
    private List<Integer> timesTen(String key, List<Integer> items) {
        calls.add(items);
        if (items.stream().anyMatch(i -> i < 0)) {
            throw new IllegalArgumentException("negative item");
        }
        return items.stream().map(i -> i * 10).toList();
    }

    private List<Future<Integer>> submit(MicroBatcher<String, Integer, Integer> batcher, String key, int... items) {
        List<Future<Integer>> out = new ArrayList<>();
        for (int item : items) {
            out.add(pool.submit(() -> batcher.call(key, item, 1)));
        }
        return out;
    }

    @Test
    void concurrentCallsWithTheSameKeyShareOneBatchCall() throws Exception {
        // A long window: the batch runs because it is full (4 rows), not because time ran out.
        MicroBatcher<String, Integer, Integer> batcher =
                new MicroBatcher<>(Duration.ofSeconds(30), 4, true, this::timesTen);
        List<Future<Integer>> f = submit(batcher, "a", 1, 2, 3, 4);
        for (int i = 0; i < 4; i++) {
            assertEquals((i + 1) * 10, f.get(i).get());
        }
        assertEquals(1, calls.size());
        assertEquals(List.of(1, 2, 3, 4), calls.get(0).stream().sorted().toList());
        assertEquals(1, batcher.batchCalls());
        assertEquals(4, batcher.items());
    }

    @Test
    void differentKeysAreNotMerged() throws Exception {
        MicroBatcher<String, Integer, Integer> batcher =
                new MicroBatcher<>(Duration.ofMillis(50), 100, true, this::timesTen);
        Future<Integer> a = pool.submit(() -> batcher.call("a", 1, 1));
        Future<Integer> b = pool.submit(() -> batcher.call("b", 2, 1));
        assertEquals(10, a.get());
        assertEquals(20, b.get());
        assertEquals(2, calls.size());
        calls.forEach(c -> assertEquals(1, c.size()));
    }

    @Test
    void aLoneCallRunsWhenTheWindowEnds() {
        MicroBatcher<String, Integer, Integer> batcher =
                new MicroBatcher<>(Duration.ofMillis(20), 100, true, this::timesTen);
        assertEquals(70, batcher.call("a", 7, 1));
        assertEquals(1, calls.size());
    }

    @Test
    void aCallThatDoesNotFitOpensTheNextBatch() throws Exception {
        MicroBatcher<String, Integer, Integer> batcher =
                new MicroBatcher<>(Duration.ofMillis(200), 3, true, this::timesTen);
        Future<Integer> first = pool.submit(() -> batcher.call("a", 1, 2));
        Thread.sleep(20);
        Future<Integer> second = pool.submit(() -> batcher.call("a", 2, 2));
        assertEquals(10, first.get());
        assertEquals(20, second.get());
        assertEquals(2, calls.size());
        calls.forEach(c -> assertTrue(c.size() == 1, c.toString()));
    }

    @Test
    void aFailingItemDoesNotFailTheOthers() throws Exception {
        MicroBatcher<String, Integer, Integer> batcher =
                new MicroBatcher<>(Duration.ofSeconds(30), 3, true, this::timesTen);
        List<Future<Integer>> f = submit(batcher, "a", 1, -1, 3);
        assertEquals(10, f.get(0).get());
        ExecutionException bad =
                assertThrows(ExecutionException.class, () -> f.get(1).get());
        assertEquals("negative item", bad.getCause().getMessage());
        assertEquals(30, f.get(2).get());
        // The merged call failed; then each item ran alone.
        assertEquals(4, calls.size());
        assertEquals(3, calls.get(0).size());
    }

    @Test
    void aCallWithNoOtherInFlightDoesNotWaitForTheWindow() {
        MicroBatcher<String, Integer, Integer> batcher =
                new MicroBatcher<>(Duration.ofMinutes(10), 100, this::timesTen);
        // Would block for the 10-minute window if it waited.
        assertEquals(70, assertTimeoutPreemptively(Duration.ofMinutes(1), () -> batcher.call("a", 7, 1)));
        assertEquals(1, calls.size());
    }

    @Test
    void windowZeroRunsEveryCallAloneAtOnce() throws Exception {
        MicroBatcher<String, Integer, Integer> batcher = new MicroBatcher<>(Duration.ZERO, 100, this::timesTen);
        List<Future<Integer>> f = submit(batcher, "a", 1, 2, 3, 4, 5, 6);
        for (int i = 0; i < 6; i++) {
            assertEquals((i + 1) * 10, f.get(i).get());
        }
        assertEquals(6, calls.size());
        calls.forEach(c -> assertEquals(1, c.size()));
        assertEquals(6, batcher.batchCalls());
    }

    @Test
    void refusesANegativeWindow() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new MicroBatcher<String, Integer, Integer>(Duration.ofMillis(-1), 4, this::timesTen));
    }
}
