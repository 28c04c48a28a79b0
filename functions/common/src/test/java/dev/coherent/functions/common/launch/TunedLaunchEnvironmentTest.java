package dev.coherent.functions.common.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A plain java -jar of a function runs its child with oneDNN capped as the images cap it. */
class TunedLaunchEnvironmentTest {
    @Test
    void theChildGetsTheImagesOneDnnCapUnlessTheCallerChoseOne() {
        Map<String, String> plain = new HashMap<>(Map.of("PATH", "/usr/bin"));
        TunedLaunch.childEnvironment(plain, 42);
        assertEquals(Map.of("PATH", "/usr/bin", TunedLaunch.CHILD, "42", "ONEDNN_MAX_CPU_ISA", "AVX"), plain);

        Map<String, String> chosen = new HashMap<>(Map.of("ONEDNN_MAX_CPU_ISA", "ALL"));
        TunedLaunch.childEnvironment(chosen, 7);
        assertEquals("ALL", chosen.get("ONEDNN_MAX_CPU_ISA"));
    }
}
