package dev.coherent.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OneDnnSignalSafetyTest {
    private static final Set<String> AVX512 = Set.of("sse4_1", "avx", "avx2", "fma", "avx512f", "avx512_vnni");
    private static final Set<String> AVX2 = Set.of("sse4_1", "avx", "avx2", "fma");

    @Test
    void warnsWhenTheCapIsMissingOrAboveAvxOnAnAvx2OrAvx512Cpu() {
        for (String cap : new String[] {null, "ALL", "AVX2", "avx512_core", "AVX512_CORE_AMX"}) {
            Optional<String> avx512 = OneDnnSignalSafety.problem(cap, "amd64", AVX512);
            assertTrue(avx512.isPresent(), String.valueOf(cap));
            assertTrue(avx512.get().contains("ONEDNN_MAX_CPU_ISA=AVX"), avx512.get());
            assertTrue(avx512.get().contains("AVX-512"), avx512.get());
            assertTrue(OneDnnSignalSafety.problem(cap, "amd64", AVX2).get().contains("on a CPU with AVX2"));
        }
    }

    @Test
    void isQuietUnderASafeCapOrWhereNoAffectedKernelRuns() {
        assertEquals(Optional.empty(), OneDnnSignalSafety.problem("AVX", "amd64", AVX512));
        assertEquals(Optional.empty(), OneDnnSignalSafety.problem(" avx ", "x86_64", AVX512));
        assertEquals(Optional.empty(), OneDnnSignalSafety.problem("SSE41", "amd64", AVX2));
        assertEquals(Optional.empty(), OneDnnSignalSafety.problem(null, "amd64", Set.of("sse4_1", "avx")));
        assertEquals(Optional.empty(), OneDnnSignalSafety.problem(null, "aarch64", Set.of("asimd")));
        assertEquals(Optional.empty(), OneDnnSignalSafety.problem(null, "amd64", Set.of()));
    }
}
