package dev.coherent.functions.common.batching;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Merges concurrent calls with the same key into one batch call (dynamic batching).
 *
 * <p>The first call for a key opens a batch and becomes its leader: it waits up to {@code window}
 * for other calls with an equal key to join, then runs the batch function on its own thread with
 * every joined item, and each caller gets its own result back. Unless told otherwise, a leader
 * with no other call in flight (any key) runs at once: nobody could join, and on a loaded machine a
 * timed wait costs far more than the window (the thread must be scheduled again). A batch closes early once it holds
 * {@code maxRows} rows; a call that does not fit opens the next batch. A window of zero turns
 * batching off: every call runs alone, at once, on its caller's thread.
 *
 * <p>Failures stay with their item: when a batch call throws, each item is run again alone, so
 * only the calls whose own input fails see the exception. Thread-safe; holds no thread of its own.
 *
 * @param <K> what makes calls compatible (equals/hashCode)
 * @param <I> one call's input
 * @param <O> one call's result
 */
public final class MicroBatcher<K, I, O> {

    /** Runs several compatible items as one call; returns one result per item, in order. */
    @FunctionalInterface
    public interface BatchFunction<K, I, O> {
        List<O> apply(K key, List<I> items);
    }

    /** Told of every batch that ran (metrics). */
    @FunctionalInterface
    public interface Observer {
        Observer NONE = (items, rows, waited) -> {};

        /** A batch of {@code items} calls and {@code rows} rows ran after waiting {@code waited} to fill. */
        void ran(int items, int rows, Duration waited);
    }

    private final BatchFunction<K, I, O> function;
    private final Observer observer;
    private final long windowNanos;
    private final int maxRows;
    private final boolean waitAlone;
    private final Map<K, Batch> open = new HashMap<>();
    private int inFlight;
    private final AtomicLong batchCalls = new AtomicLong();
    private final AtomicLong items = new AtomicLong();

    /**
     * @param window how long a batch waits for company; zero disables batching
     * @param maxRows rows (as counted by the callers) after which a batch runs without waiting
     */
    public MicroBatcher(Duration window, int maxRows, BatchFunction<K, I, O> function) {
        this(window, maxRows, false, function);
    }

    /**
     * @param waitAlone wait for the window even when no other call is in flight (tests use it to
     *     make merging deterministic)
     */
    public MicroBatcher(Duration window, int maxRows, boolean waitAlone, BatchFunction<K, I, O> function) {
        this(window, maxRows, waitAlone, Observer.NONE, function);
    }

    /** As above, telling {@code observer} of every batch that ran. */
    public MicroBatcher(
            Duration window, int maxRows, boolean waitAlone, Observer observer, BatchFunction<K, I, O> function) {
        if (window.isNegative() || maxRows < 1) {
            throw new IllegalArgumentException("window must be >= 0 and maxRows >= 1");
        }
        this.function = Objects.requireNonNull(function);
        this.observer = Objects.requireNonNull(observer);
        this.windowNanos = window.toNanos();
        this.maxRows = maxRows;
        this.waitAlone = waitAlone;
    }

    /** Batch-function calls made so far (each batch once, plus one per item re-run after a failure). */
    public long batchCalls() {
        return batchCalls.get();
    }

    /** Items submitted so far. */
    public long items() {
        return items.get();
    }

    /**
     * Runs {@code item}, possibly merged with concurrent calls for an equal key.
     *
     * @param rows the item's size, counted against {@code maxRows}
     * @throws RuntimeException what the batch function threw for this item alone
     */
    public O call(K key, I item, int rows) {
        items.incrementAndGet();
        if (windowNanos == 0) {
            return runAlone(key, item);
        }
        Batch batch;
        boolean leader;
        int index;
        synchronized (this) {
            inFlight++;
            batch = open.get(key);
            if (batch != null && batch.rows + rows > maxRows) {
                batch.close();
                batch = null;
            }
            leader = batch == null;
            if (leader) {
                batch = new Batch(key);
                open.put(key, batch);
            }
            index = batch.items.size();
            batch.items.add(item);
            batch.rows += rows;
            if (batch.rows >= maxRows || (leader && inFlight == 1 && !waitAlone)) {
                batch.close();
            }
        }
        try {
            if (leader) {
                batch.awaitCloseOrWindow();
                batch.run();
            }
            return batch.result(index);
        } finally {
            synchronized (this) {
                inFlight--;
            }
        }
    }

    private O runAlone(K key, I item) {
        batchCalls.incrementAndGet();
        List<O> out = function.apply(key, List.of(item));
        if (out.size() != 1) {
            throw new IllegalStateException("the batch function returned " + out.size() + " results for 1 item");
        }
        return out.get(0);
    }

    /** One batch: filled under the batcher's lock, run by its leader, read by every member. */
    private final class Batch {
        private final K key;
        private final long createdNanos = System.nanoTime();
        private final List<I> items = new ArrayList<>();
        private int rows;
        private boolean closed;
        private boolean done;
        private List<O> results;
        private RuntimeException[] failures;

        Batch(K key) {
            this.key = key;
        }

        /** Called under the batcher's lock: no more members; wakes the leader. */
        void close() {
            if (!closed) {
                closed = true;
                open.remove(key, this);
                MicroBatcher.this.notifyAll();
            }
        }

        void awaitCloseOrWindow() {
            long deadline = System.nanoTime() + windowNanos;
            synchronized (MicroBatcher.this) {
                long left;
                while (!closed && (left = deadline - System.nanoTime()) > 0) {
                    try {
                        MicroBatcher.this.wait(left / 1_000_000, (int) (left % 1_000_000));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
                close();
            }
        }

        /** Runs the batch on the leader's thread; on failure runs each item alone. */
        void run() {
            List<O> out = null;
            RuntimeException[] errors = new RuntimeException[items.size()];
            try {
                batchCalls.incrementAndGet();
                observer.ran(items.size(), rows, Duration.ofNanos(System.nanoTime() - createdNanos));
                out = function.apply(key, List.copyOf(items));
                if (out.size() != items.size()) {
                    throw new IllegalStateException(
                            "the batch function returned " + out.size() + " results for " + items.size() + " items");
                }
            } catch (RuntimeException e) {
                if (items.size() == 1) {
                    errors[0] = e;
                } else {
                    out = new ArrayList<>(items.size());
                    for (int i = 0; i < items.size(); i++) {
                        try {
                            out.add(runAlone(key, items.get(i)));
                        } catch (RuntimeException alone) {
                            out.add(null);
                            errors[i] = alone;
                        }
                    }
                }
            }
            synchronized (MicroBatcher.this) {
                results = out;
                failures = errors;
                done = true;
                MicroBatcher.this.notifyAll();
            }
        }

        O result(int index) {
            synchronized (MicroBatcher.this) {
                boolean interrupted = false;
                while (!done) {
                    try {
                        MicroBatcher.this.wait();
                    } catch (InterruptedException e) {
                        // The leader is computing this caller's result; wait for it, then restore the flag.
                        interrupted = true;
                    }
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                if (failures[index] != null) {
                    throw failures[index];
                }
                return results.get(index);
            }
        }
    }
}
