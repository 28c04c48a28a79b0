package dev.coherent.functions.common.modelset;

import dev.coherent.functions.common.problem.CommonProblemType;
import dev.coherent.functions.common.problem.ProblemException;
import dev.coherent.modelset.ModelSet;
import java.util.ArrayList;
import java.util.List;

/**
 * The loaded model sets of a {@link ModelSetService}, newest (served) first: which one new requests
 * get, which are kept for pinned requests, and the leases that keep a set open while a request
 * uses it. Thread-safe; the list is replaced whole, never changed in place.
 */
final class ServedModelSets {
    private final int retained;
    private volatile List<Shared<ModelSet>> served = List.of();
    private boolean closed;

    /** @param retained how many of the newest sets stay loaded (at least one) */
    ServedModelSets(int retained) {
        this.retained = Math.max(1, retained);
    }

    /**
     * Makes {@code set} the served one; sets beyond the retained number retire (each closes once
     * its last lease is returned).
     *
     * @return false, with {@code set} closed, once {@link #closeAll} has run
     */
    boolean serve(ModelSet set) {
        List<Shared<ModelSet>> dropped;
        synchronized (this) {
            if (closed) {
                set.close();
                return false;
            }
            List<Shared<ModelSet>> next = new ArrayList<>();
            next.add(new Shared<>(set));
            next.addAll(served);
            dropped = new ArrayList<>(next.subList(Math.min(retained, next.size()), next.size()));
            served = List.copyOf(next.subList(0, Math.min(retained, next.size())));
        }
        dropped.forEach(Shared::retire);
        return true;
    }

    /** Serves nothing more; every set closes once its last lease is returned. */
    void closeAll() {
        List<Shared<ModelSet>> all;
        synchronized (this) {
            closed = true;
            all = served;
            served = List.of();
        }
        all.forEach(Shared::retire);
    }

    boolean isEmpty() {
        return served.isEmpty();
    }

    int size() {
        return served.size();
    }

    /** The served set (not lent: for its version and sha256 only), or null when none is loaded. */
    ModelSet newest() {
        List<Shared<ModelSet>> now = served;
        return now.isEmpty() ? null : now.get(0).value();
    }

    /** The loaded versions, the served one first. */
    List<ModelSetService.Version> versions() {
        List<Shared<ModelSet>> now = served;
        List<ModelSetService.Version> out = new ArrayList<>(now.size());
        for (int i = 0; i < now.size(); i++) {
            ModelSet set = now.get(i).value();
            out.add(new ModelSetService.Version(
                    set.version(), set.sha256(), set.manifest().createdAt(), i == 0));
        }
        return out;
    }

    /**
     * Lends the set of {@code version} (the served one when null), or returns null when none is loaded.
     *
     * @throws ProblemException {@link CommonProblemType#MODEL_VERSION_NOT_LOADED} (404) when no
     *     loaded set has that version
     */
    ModelSetLease lend(String version) {
        while (true) {
            List<Shared<ModelSet>> now = served;
            if (now.isEmpty()) {
                return null;
            }
            Shared<ModelSet> s = version == null
                    ? now.get(0)
                    : now.stream()
                            .filter(x -> x.value().version().equals(version))
                            .findFirst()
                            .orElseThrow(() -> new ProblemException(
                                    CommonProblemType.MODEL_VERSION_NOT_LOADED,
                                    "model version '" + version + "' is not loaded; loaded: "
                                            + now.stream()
                                                    .map(x -> x.value().version())
                                                    .toList()));
            if (s.acquire()) {
                return new ModelSetLease(s);
            }
            // Retired between reading the list and acquiring: the list has changed, read it again.
        }
    }
}
