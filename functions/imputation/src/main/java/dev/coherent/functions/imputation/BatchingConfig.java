package dev.coherent.functions.imputation;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Dynamic batching of {@code POST /v1/impute} ({@code coherent.batching.*}): concurrent requests
 * that need the same models and sampler settings share their denoising steps (see
 * {@link BatchingSampler}).
 */
@ConfigMapping(prefix = "coherent.batching")
public interface BatchingConfig {
    /**
     * How long the first request of a batch waits for others while other requests are in flight
     * (a lone request runs at once); {@code 0} turns batching off. Under load a few milliseconds buy
     * one network call per step for many requests.
     */
    @WithDefault("3ms")
    Duration window();

    /** Rows (patients × draws) after which a batch runs without waiting for the window. */
    @WithDefault("1024")
    int maxRows();
}
