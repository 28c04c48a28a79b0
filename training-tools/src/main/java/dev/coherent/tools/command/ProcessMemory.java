package dev.coherent.tools.command;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Resident memory of a process on this machine, from {@code /proc/<pid>/status} (Linux): the
 * current {@code VmRSS} and the kernel's high-water mark {@code VmHWM}, in MiB.
 */
final class ProcessMemory {
    private ProcessMemory() {}

    /** One reading; NaN fields when the process is gone or /proc is not there. */
    record Reading(double rssMiB, double hwmMiB) {}

    static Reading read(long pid) {
        try {
            double rss = Double.NaN;
            double hwm = Double.NaN;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = kib(line) / 1024.0;
                } else if (line.startsWith("VmHWM:")) {
                    hwm = kib(line) / 1024.0;
                }
            }
            return new Reading(rss, hwm);
        } catch (IOException | RuntimeException e) {
            return new Reading(Double.NaN, Double.NaN);
        }
    }

    private static long kib(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }

    /**
     * CPU seconds (user + system, all threads) the process has used so far, from
     * {@code /proc/<pid>/stat} at the usual 100 ticks per second; NaN when unreadable. Less
     * sensitive than wall time to other jobs on a shared machine.
     */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // Fields after the parenthesized command name; utime and stime are fields 14 and 15.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Starts sampling every 100 ms until {@link Sampler#stop()}. */
    static Sampler sampler(long pid) {
        Sampler s = new Sampler(pid);
        s.thread.start();
        return s;
    }

    /** RSS at the start, the highest sampled during the run, and VmHWM at the end. */
    static final class Sampler {
        private final long pid;
        private final Reading atRest;
        private final Thread thread;
        private volatile boolean running = true;
        private volatile double peak;
        private Reading end;

        private Sampler(long pid) {
            this.pid = pid;
            this.atRest = read(pid);
            this.peak = atRest.rssMiB();
            this.thread = new Thread(
                    () -> {
                        while (running) {
                            double rss = read(pid).rssMiB();
                            if (rss > peak) {
                                peak = rss;
                            }
                            try {
                                Thread.sleep(100);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    },
                    "rss-sampler");
            thread.setDaemon(true);
        }

        void stop() throws InterruptedException {
            running = false;
            thread.interrupt();
            thread.join();
            end = read(pid);
        }

        void print(PrintStream out) {
            out.printf(
                    Locale.ROOT,
                    "rss_mib\tat_rest %.0f\tpeak_sampled %.0f\tend %.0f\thwm %.0f%n",
                    atRest.rssMiB(),
                    peak,
                    end.rssMiB(),
                    end.hwmMiB());
        }
    }
}
