package dev.coherent.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TrainingToolsCliTest {

    /** A user who types {@code train --version} for a version label must not get a silent success. */
    @Test
    void everyCommandPrintsTheToolVersion() {
        for (String command : CommandLine.Model.CommandSpec.forAnnotatedObject(new TrainingToolsCli())
                .subcommands()
                .keySet()) {
            if (command.equals("help")) {
                continue;
            }
            CommandLine cl = TrainingToolsCli.commandLine();
            StringWriter out = new StringWriter();
            cl.setOut(new PrintWriter(out));
            assertEquals(0, cl.execute(command, "--version"), command);
            assertTrue(out.toString().startsWith("coherent "), command + ": '" + out + "'");
        }
        StringWriter out = new StringWriter();
        CommandLine cl = TrainingToolsCli.commandLine();
        cl.setOut(new PrintWriter(out));
        assertEquals(0, cl.execute("bench", "load", "--version"));
        assertTrue(out.toString().startsWith("coherent "), "bench load: '" + out + "'");
    }
}
