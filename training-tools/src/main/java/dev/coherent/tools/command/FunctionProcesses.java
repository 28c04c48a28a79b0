package dev.coherent.tools.command;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

/** Launching and watching a function process for the benchmarks: native-library options, port probes, stop. */
final class FunctionProcesses {
    private FunctionProcesses() {}

    /** Whether something accepts connections on the port: a cheap probe while the function boots. */
    static boolean listening(int toPort) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), toPort), 1000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    /** Stops a launched function (SIGTERM, then SIGKILL after a minute). */
    static void stop(Process p) throws InterruptedException {
        if (p.isAlive()) {
            p.destroy();
            // A training run writes its CDS archive while it exits.
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        }
    }
}
