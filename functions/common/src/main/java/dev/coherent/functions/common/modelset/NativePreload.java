package dev.coherent.functions.common.modelset;

import org.jboss.logging.Logger;

/**
 * Loads TensorFlow's native library on a daemon thread, so that a function's {@code main} can
 * overlap it with Quarkus' boot.
 *
 * <p>The model set only starts loading at Quarkus' {@code StartupEvent}, near the end of the boot;
 * its first step, loading and linking the TensorFlow natives, needs no configuration and takes about
 * as long as the rest of the set's load, so starting it at JVM launch takes it off the cold start's
 * critical path on a machine with a second core. Whoever touches TensorFlow first waits for the
 * load to finish (class initialization is serialized by the JVM), so this never changes results.
 */
public final class NativePreload {
    private static final Logger LOG = Logger.getLogger(NativePreload.class);

    private NativePreload() {}

    /** Starts the load and returns at once; a failure is logged and left to the model-set loader to report. */
    public static void start() {
        Thread t = new Thread(
                () -> {
                    try {
                        org.tensorflow.TensorFlow.version();
                    } catch (RuntimeException | LinkageError e) {
                        LOG.warnf("TensorFlow natives could not be preloaded (%s); the model-set loader will retry", e);
                    }
                },
                "tensorflow-preload");
        t.setDaemon(true);
        t.start();
    }
}
