package dev.coherent.functions.common.modelset;

import java.time.Duration;

/**
 * Where the served model set is in its life, as the health checks report it: the state, the URI,
 * and once loaded the version, sha256 and load time (warm-up included), or why loading failed.
 */
public record ModelSetStatus(State state, String uri, String version, String sha256, String detail, Duration loadTime) {

    /** Loading (and verifying and warming up), ready to serve, or failed for good. */
    public enum State {
        LOADING,
        READY,
        FAILED
    }
}
