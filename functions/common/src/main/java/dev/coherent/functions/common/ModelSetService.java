package dev.coherent.functions.common;

import dev.coherent.CoherentException;
import dev.coherent.functions.common.ModelSetStatus.State;
import dev.coherent.functions.common.metrics.CoherentMetrics;
import dev.coherent.modelset.ModelSet;
import dev.coherent.store.S3Settings;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Holds the function's model set: loads it at startup, serves it to requests, closes it at shutdown.
 *
 * <p>At startup a background thread loads the set named by {@code coherent.models.uri} (verifying
 * every sha256), or takes the same set from {@link ModelSetPreload} when the function's main
 * started loading it at launch, and runs the function's {@link ModelSetWarmUp}; until that has succeeded the set is
 * not served and readiness is DOWN. A load that fails is recorded, not thrown, so the application
 * keeps answering health checks, and retried with backoff until it succeeds; liveness turns DOWN
 * once the function has gone {@code coherent.models.live-without-set} without a set. {@link #ready()} waits for a set that is still loading and
 * refuses with a 503 problem otherwise. The loaded {@link ModelSet} is thread-safe; this service
 * created it and closes it at shutdown.
 */
@ApplicationScoped
public class ModelSetService {
    private static final Logger LOG = Logger.getLogger(ModelSetService.class);

    private final FunctionConfig config;
    private final ModelSetWarmUp warmUp;
    private final CoherentMetrics metrics;
    private final CountDownLatch settled = new CountDownLatch(1);
    private volatile ModelSetStatus status;
    private volatile ModelSet models;
    private final long createdNanos = System.nanoTime();
    private volatile Thread loader;
    private volatile boolean stopped;

    public ModelSetService(FunctionConfig config, ModelSetWarmUp warmUp, CoherentMetrics metrics) {
        this.config = config;
        this.warmUp = warmUp;
        this.metrics = metrics;
        this.status = new ModelSetStatus(State.LOADING, config.models().uri(), null, null, "not started", null);
    }

    void onStart(@Observes StartupEvent event) {
        loader = new Thread(this::loadUntilReady, "model-set-loader");
        loader.setDaemon(true);
        loader.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stopped = true;
        Thread t = loader;
        if (t != null) {
            t.interrupt();
        }
        ModelSet set = models;
        if (set != null) {
            models = null;
            set.close();
        }
    }

    /** What the health checks report. */
    public ModelSetStatus status() {
        return status;
    }

    /** How long the function has been running without a servable set; zero once one is served. */
    public Duration withoutSet() {
        return models != null ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - createdNanos);
    }

    /**
     * The loaded set, waiting up to {@code coherent.models.await-timeout} while it loads.
     *
     * @throws ProblemException {@link CommonProblemType#MODEL_SET_UNAVAILABLE} (503) when the set
     *     failed to load or verify, or is still loading after the wait: worth a retry
     */
    public ModelSet ready() {
        if (status.state() == State.LOADING) {
            try {
                settled.await(config.models().awaitTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        ModelSet set = models;
        if (set != null) {
            return set;
        }
        throw new ProblemException(CommonProblemType.MODEL_SET_UNAVAILABLE, status.state() == State.FAILED
                ? "the model set could not be loaded or failed verification; see /q/health/ready"
                : "the model set is still loading; retry shortly");
    }

    /**
     * Loads the set, retrying a failed load with exponential backoff (from
     * {@code coherent.models.retry-delay} up to {@code max-retry-delay}) until it is served or the
     * function stops: a store that is unreachable at startup, or a set published late or fixed
     * after a failed verification, is picked up without a restart.
     */
    void loadUntilReady() {
        Duration delay = config.models().retryDelay();
        for (int attempt = 1; !stopped; attempt++) {
            if (load(attempt, delay)) {
                return;
            }
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            Duration doubled = delay.multipliedBy(2);
            delay = doubled.compareTo(config.models().maxRetryDelay()) > 0 ? config.models().maxRetryDelay() : doubled;
        }
    }

    /**
     * One attempt: loads, verifies and warms up the model set, and records the outcome instead of
     * throwing; a failure stays FAILED (with the retry planned in the detail) while it is retried.
     *
     * @return whether the set is now served
     */
    boolean load(int attempt, Duration retryIn) {
        String uri = config.models().uri();
        if (attempt == 1) {
            status = new ModelSetStatus(State.LOADING, uri, null, null, "loading and verifying", null);
        }
        long start = System.nanoTime();
        ModelSet set = null;
        try {
            S3Settings s3 = s3Settings(config.s3());
            Path cacheDir = Path.of(config.models().cacheDir());
            // Started at launch by the function's main when it could (ModelSetPreload); same set, same checks.
            set = ModelSetPreload.take(uri, s3, cacheDir);
            boolean preloaded = set != null;
            if (!preloaded) {
                set = ModelSet.open(uri, s3, cacheDir);
            }
            long opened = System.nanoTime();
            status = new ModelSetStatus(State.LOADING, uri, set.version(), set.sha256(), "warming up", null);
            warmUp.warmUp(set);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            models = set;
            metrics.servingModelSet(set.version());
            status = new ModelSetStatus(State.READY, uri, set.version(), set.sha256(), "loaded, verified and warmed up",
                    took);
            // The split and the JVM's uptime show where a cold start goes (docs/results/performance-function.md).
            LOG.infof("model set %s (sha256 %s) from %s loaded, verified and warmed up in %.1f s (load and verify"
                    + " %.2f s%s, warm-up %.2f s; JVM up %.2f s)", set.version(), set.sha256(), uri,
                    took.toMillis() / 1000.0, (opened - start) / 1e9, preloaded ? " more, started at launch" : "",
                    (System.nanoTime() - opened) / 1e9,
                    ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
            return true;
        } catch (CoherentException | IllegalArgumentException e) {
            fail(uri, set, e.getMessage(), attempt, retryIn);
            // ERROR once; the retries usually fail the same way until the store or the set is fixed.
            LOG.logf(attempt == 1 ? Logger.Level.ERROR : Logger.Level.WARN,
                    "cannot serve the model set at %s (attempt %d, retrying in %s s): %s", uri, attempt,
                    seconds(retryIn), e.getMessage());
        } catch (RuntimeException | Error e) {
            fail(uri, set, e.toString(), attempt, retryIn);
            if (attempt == 1) {
                LOG.errorf(e, "cannot serve the model set at %s (retrying in %s s)", uri, seconds(retryIn));
            } else {
                LOG.warnf("cannot serve the model set at %s (attempt %d, retrying in %s s): %s", uri, attempt,
                        seconds(retryIn), e);
            }
        } finally {
            settled.countDown();
        }
        return false;
    }

    private void fail(String uri, ModelSet set, String why, int attempt, Duration retryIn) {
        status = new ModelSetStatus(State.FAILED, uri, null, null, why + " (attempt " + attempt + "; retrying in "
                + seconds(retryIn) + " s)", null);
        if (set != null) {
            set.close();
        }
    }

    private static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f", d.toMillis() / 1000.0);
    }

    /** The engine's S3 settings from {@code coherent.s3.*}; an endpoint override implies path-style. */
    public static S3Settings s3Settings(FunctionConfig.S3 s3) {
        return S3Settings.configured(s3.endpoint().orElse(null), s3.region().orElse(null), s3.pathStyle(),
                s3.accessKey().orElse(null), s3.secretKey().orElse(null));
    }
}
