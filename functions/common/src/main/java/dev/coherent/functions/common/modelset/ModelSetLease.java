package dev.coherent.functions.common.modelset;

import dev.coherent.modelset.ModelSet;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A model set lent to one request by {@link ModelSetService#lease()}: the set stays open until the
 * lease is closed, even if a newer set is served meanwhile. Closing it more than once is harmless.
 */
public final class ModelSetLease implements AutoCloseable {
    private final Shared<ModelSet> shared;
    private final AtomicBoolean closed = new AtomicBoolean();

    ModelSetLease(Shared<ModelSet> shared) {
        this.shared = shared;
    }

    public ModelSet set() {
        return shared.value();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            shared.release();
        }
    }
}
