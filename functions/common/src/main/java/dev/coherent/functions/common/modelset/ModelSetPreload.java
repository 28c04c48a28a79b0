package dev.coherent.functions.common.modelset;

import dev.coherent.functions.common.config.FunctionConfig;
import dev.coherent.modelset.ModelSet;
import dev.coherent.store.S3Settings;
import io.smallrye.config.PropertiesConfigSourceLoader;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.jboss.logging.Logger;

/**
 * Loads and verifies the model set on a daemon thread from JVM launch on, so that a function's
 * {@code main} overlaps it with Quarkus' boot.
 *
 * <p>{@link ModelSetService} would start loading only at Quarkus' {@code StartupEvent}, at the end
 * of the boot; loading the TensorFlow natives, reading and sha256-verifying every file and restoring
 * the weights need no Quarkus, only the set's URI and S3 settings. Those are read here from the
 * sources Quarkus reads them from (system properties, environment, {@code application.properties}
 * in the class path and in {@code config/}, with the active profile), with the defaults of
 * {@link FunctionConfig}. The service takes the preloaded set only when Quarkus' own configuration
 * names the same set with the same settings; otherwise the preloaded one is closed and the service
 * loads its own. So the preload can make the first answer earlier but never changes what is
 * served, and a failed load reports the same error either way.
 */
public final class ModelSetPreload {
    private static final Logger LOG = Logger.getLogger(ModelSetPreload.class);

    /** What identifies a load: the same key gives the same verified set. */
    record Key(String uri, S3Settings s3, Path cacheDir) {}

    /** One started preload; its key is known once the configuration is read. */
    private record Pending(CompletableFuture<Key> key, CompletableFuture<ModelSet> set) {}

    private static volatile Pending pending;

    private ModelSetPreload() {}

    /** Starts the preload and returns at once. */
    public static synchronized void start() {
        Pending p = new Pending(new CompletableFuture<>(), new CompletableFuture<>());
        pending = p;
        Thread t = new Thread(
                () -> {
                    Key key;
                    try {
                        key = keyFromConfig();
                    } catch (RuntimeException | Error e) {
                        // The service reads the configuration again and reports what is wrong with it.
                        LOG.debugf("no model-set preload: %s", e);
                        p.key().complete(null);
                        p.set().complete(null);
                        return;
                    }
                    p.key().complete(key);
                    try {
                        p.set().complete(ModelSet.open(key.uri(), key.s3(), key.cacheDir()));
                    } catch (RuntimeException | Error e) {
                        p.set().completeExceptionally(e);
                    }
                },
                "model-set-preload");
        t.setDaemon(true);
        t.start();
    }

    /**
     * The preloaded set, if one was started for this URI and these settings, waiting for it to
     * finish; {@code null} otherwise. Hands a set out once; the caller then owns and closes it.
     *
     * @throws RuntimeException whatever {@link ModelSet#open} threw for this same set
     */
    static ModelSet take(String uri, S3Settings s3, Path cacheDir) {
        Pending p;
        synchronized (ModelSetPreload.class) {
            p = pending;
            pending = null;
        }
        if (p == null) {
            return null;
        }
        Key key = p.key().join();
        if (!new Key(uri, s3, cacheDir).equals(key)) {
            if (key != null) {
                LOG.infof(
                        "the model set preloaded at launch (%s) is not the configured one; loading %s", key.uri(), uri);
            }
            p.set().thenAccept(set -> {
                if (set != null) {
                    set.close();
                }
            });
            return null;
        }
        try {
            return p.set().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the model set", e);
        }
    }

    /** The keys {@link ModelSetService} loads with, read as Quarkus will read them. */
    static Key keyFromConfig() {
        ClassLoader cl = ModelSetPreload.class.getClassLoader();
        String profile = Optional.ofNullable(System.getProperty("quarkus.profile"))
                .or(() -> Optional.ofNullable(System.getenv("QUARKUS_PROFILE")))
                .orElse("prod");
        SmallRyeConfig c = new SmallRyeConfigBuilder()
                .addDefaultSources()
                .withProfile(profile)
                // The ordinals Quarkus gives these two files.
                .withSources(PropertiesConfigSourceLoader.inClassPath("application.properties", 250, cl))
                .withSources(PropertiesConfigSourceLoader.inFileSystem(
                        Path.of("config", "application.properties")
                                .toAbsolutePath()
                                .toUri()
                                .toString(),
                        260,
                        cl))
                .withDefaultValue("coherent.models.uri", defaultOf(FunctionConfig.Models.class, "uri"))
                .withDefaultValue("coherent.models.cache-dir", defaultOf(FunctionConfig.Models.class, "cacheDir"))
                .withDefaultValue("coherent.s3.path-style", defaultOf(FunctionConfig.S3.class, "pathStyle"))
                .build();
        S3Settings s3 = S3Settings.configured(
                c.getOptionalValue("coherent.s3.endpoint", String.class).orElse(null),
                c.getOptionalValue("coherent.s3.region", String.class).orElse(null),
                c.getValue("coherent.s3.path-style", Boolean.class),
                c.getOptionalValue("coherent.s3.access-key", String.class).orElse(null),
                c.getOptionalValue("coherent.s3.secret-key", String.class).orElse(null));
        return new Key(
                c.getValue("coherent.models.uri", String.class),
                s3,
                Path.of(c.getValue("coherent.models.cache-dir", String.class)));
    }

    /** A {@code @WithDefault} of the mapping, so the defaults live in one place. */
    private static String defaultOf(Class<?> group, String method) {
        try {
            return group.getMethod(method).getAnnotation(WithDefault.class).value();
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }
}
