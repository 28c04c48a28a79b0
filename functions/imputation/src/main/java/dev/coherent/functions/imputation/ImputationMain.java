package dev.coherent.functions.imputation;

import dev.coherent.functions.common.NativePreload;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The function's {@code main} ({@code java -jar}): starts loading TensorFlow's natives, then boots
 * Quarkus, so the two overlap (see {@link NativePreload}). Lambda and the tests boot Quarkus their
 * own way and do not pass here.
 */
@QuarkusMain
public class ImputationMain {
    public static void main(String... args) {
        NativePreload.start();
        Quarkus.run(args);
    }
}
