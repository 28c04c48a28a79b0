package dev.coherent.functions.common.modelset;

import dev.coherent.modelset.ModelSet;

/**
 * One warm-up inference on a freshly loaded model set, supplied by the function as a bean.
 *
 * <p>{@link ModelSetService} calls it once, on its loader thread, after every sha256 has been
 * verified and before the set is served: readiness and startup go UP only once it has returned.
 * Throwing marks the set as failed (the message becomes the readiness detail). Without a bean of
 * this type there is no warm-up.
 */
@FunctionalInterface
public interface ModelSetWarmUp {
    void warmUp(ModelSet set);
}
