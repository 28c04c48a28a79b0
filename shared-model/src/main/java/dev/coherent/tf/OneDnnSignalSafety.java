package dev.coherent.tf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns once per process when TensorFlow's matrix products can corrupt the heap.
 *
 * <p>The oneDNN that TensorFlow Java 1.1.0 bundles (before oneDNN 3.12, fixed by its commit
 * d090db10) runs its JIT-compiled f32 GEMM kernels with the stack pointer moved into a heap buffer
 * when a block of the inner dimension exceeds what its stack area holds: above 84 on AVX-512 CPUs
 * (every layer of our networks), above 252 on AVX2 ones (256-wide layers). A signal delivered to
 * that thread meanwhile (a profiler's SIGPROF, any signal the JVM handles) has its frame written
 * there by the kernel: heap corruption, and a crash later anywhere. Reproduced by
 * {@code bench/soak.sh signals} (docs/results/soak.md): the first few dozen signals crash an
 * uncapped run. Capping oneDNN at AVX ({@value #SAFE_SETTING}: 8-row kernels, whose stack area
 * holds every block) avoids those kernels; the variable must be set before the process starts,
 * which the launchers and images do.
 */
public final class OneDnnSignalSafety {
    private static final Logger LOG = LoggerFactory.getLogger(OneDnnSignalSafety.class);
    /** The environment variable oneDNN reads its instruction-set cap from. */
    public static final String VARIABLE = "ONEDNN_MAX_CPU_ISA";
    /** The cap the launchers set. */
    public static final String SAFE_SETTING = "AVX";
    /** Caps under which no GEMM kernel moves the stack pointer into the heap. */
    private static final Set<String> SAFE_CAPS = Set.of("SSE41", "AVX");

    private static final AtomicBoolean CHECKED = new AtomicBoolean();

    private OneDnnSignalSafety() {}

    /** Logs a warning, once, if this process runs the unsafe kernels. */
    public static void checkOnce() {
        if (CHECKED.getAndSet(true)) {
            return;
        }
        problem(System.getenv(VARIABLE), System.getProperty("os.arch"), cpuFlags())
                .ifPresent(message -> LOG.warn(message));
    }

    /**
     * Why a process with this cap ({@code null}: unset), architecture and CPU flags (as
     * /proc/cpuinfo lists them) is exposed; empty when it is not.
     */
    static Optional<String> problem(String cap, String arch, Set<String> cpuFlags) {
        boolean x86 = "amd64".equals(arch) || "x86_64".equals(arch);
        if (!x86 || !cpuFlags.contains("avx2")) {
            return Optional.empty(); // no AVX2 GEMM kernels to run
        }
        if (cap != null && SAFE_CAPS.contains(cap.trim().toUpperCase(Locale.ROOT))) {
            return Optional.empty();
        }
        return Optional.of(String.format(
                Locale.ROOT,
                "%s is %s on a CPU with %s: TensorFlow's bundled oneDNN then runs matrix products with the stack"
                        + " pointer in heap memory, and a signal arriving meanwhile corrupts the heap (a crash later)."
                        + " Start the process with %s=%s, as bin/coherent and the images do (docs/results/soak.md).",
                VARIABLE,
                cap == null ? "unset" : "'" + cap + "'",
                cpuFlags.contains("avx512f") ? "AVX-512" : "AVX2",
                VARIABLE,
                SAFE_SETTING));
    }

    /** The CPU's feature flags from /proc/cpuinfo; empty where it cannot be read (not Linux). */
    private static Set<String> cpuFlags() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("flags"))
                    .findFirst()
                    .map(line -> Arrays.stream(
                                    line.substring(line.indexOf(':') + 1).trim().split("\\s+"))
                            .collect(Collectors.toSet()))
                    .orElse(Set.of());
        } catch (IOException | RuntimeException e) {
            return Set.of();
        }
    }
}
