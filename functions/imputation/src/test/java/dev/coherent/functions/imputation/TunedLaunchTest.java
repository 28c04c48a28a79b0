package dev.coherent.functions.imputation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.coherent.functions.common.launch.TunedLaunch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A plain java -jar of the function gets the images' JVM options: the jar carries their one copy. */
class TunedLaunchTest {
    @Test
    void theJarCarriesTheImagesJvmOptions() throws Exception {
        List<String> images = Files.readAllLines(Path.of("../../infra/docker/imputation/jvm.options")).stream()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList();
        assertEquals(List.of("-XX:TieredStopAtLevel=1", "-XX:CompileThresholdScaling=4", "-XX:+UseSerialGC"), images);
        assertEquals(images, TunedLaunch.tunedOptions(ImputationMain.class));
    }
}
