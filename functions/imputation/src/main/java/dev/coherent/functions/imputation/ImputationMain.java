package dev.coherent.functions.imputation;

import dev.coherent.functions.common.launch.TunedLaunch;
import dev.coherent.functions.common.modelset.ModelSetPreload;
import dev.coherent.functions.common.modelset.NativePreload;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The function's {@code main} ({@code java -jar}): starts loading TensorFlow's natives and the
 * model set, then boots Quarkus, so that they overlap (see {@link NativePreload} and
 * {@link ModelSetPreload}). Lambda's event handler and the tests boot Quarkus their own way and do
 * not pass here; they load the set at startup as before.
 */
@QuarkusMain
public class ImputationMain {
    public static void main(String... args) {
        // What Quarkus' generated main sets; a custom main must set it before anything logs.
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        }
        // A plain java -jar runs in a child JVM with the images' options; this one only waits for it.
        TunedLaunch.relaunchOrContinue(ImputationMain.class, args);
        NativePreload.start();
        ModelSetPreload.start();
        Quarkus.run(args);
    }
}
