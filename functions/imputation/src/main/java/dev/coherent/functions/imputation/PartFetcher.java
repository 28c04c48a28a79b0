package dev.coherent.functions.imputation;

import dev.coherent.functions.common.upload.S3Storage;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Reads the fan-out's parts in order for the assembly, several ahead: S3 GETs are latency-bound. */
@ApplicationScoped
public class PartFetcher {
    /** Parts fetched at once. */
    private static final int WINDOW = 16;

    private final S3Storage storage;
    private final ExecutorService fetcher = Executors.newFixedThreadPool(WINDOW, r -> {
        Thread t = new Thread(r, "part-fetch");
        t.setDaemon(true);
        return t;
    });

    public PartFetcher(S3Storage storage) {
        this.storage = storage;
    }

    @PreDestroy
    void close() {
        fetcher.shutdownNow();
    }

    /** The objects' contents in order, up to {@link #WINDOW} fetched ahead. */
    Iterator<InputStream> fetch(String bucket, List<String> keys) {
        return new Iterator<>() {
            private final Deque<Future<byte[]>> ahead = new ArrayDeque<>();
            private int submitted;

            private void fill() {
                while (ahead.size() < WINDOW && submitted < keys.size()) {
                    String k = keys.get(submitted++);
                    ahead.add(fetcher.submit(() -> {
                        try (InputStream in = storage.open(bucket, k, null)) {
                            return in.readAllBytes();
                        }
                    }));
                }
            }

            @Override
            public boolean hasNext() {
                fill();
                return !ahead.isEmpty();
            }

            @Override
            public InputStream next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                try {
                    return new ByteArrayInputStream(ahead.poll().get());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while fetching parts", e);
                } catch (ExecutionException e) {
                    throw new IllegalStateException(
                            "cannot fetch a part: " + e.getCause().getMessage(), e.getCause());
                }
            }
        };
    }
}
