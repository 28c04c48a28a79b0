package dev.coherent.tools.option;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coherent.diffusion.RejectionSettings;
import dev.coherent.diffusion.SamplerKind;
import dev.coherent.diffusion.SamplerSettings;
import dev.coherent.diffusion.StepVariance;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class SamplerOptionsTest {

    @Command(name = "probe")
    static final class Probe {
        @Mixin
        SamplerOptions sampler;
    }

    private static SamplerSettings parse(String... args) {
        Probe p = new Probe();
        new CommandLine(p).parseArgs(args);
        return p.sampler.settings();
    }

    @Test
    void noFlagsGiveTheSafeDefault() {
        SamplerSettings s = parse();
        assertEquals(SamplerSettings.DEFAULT, s);
        assertEquals(SamplerKind.DDIM, s.kind());
        assertEquals(50, s.steps());
        assertEquals(1.0, s.eta());
        assertEquals(StepVariance.AUTO, s.variance());
    }

    @Test
    void ddimWithoutEtaIsStochastic() {
        assertEquals(SamplerSettings.DEFAULT, parse("--sampler", "ddim"));
        assertEquals(
                new SamplerSettings(SamplerKind.DDIM, 20, 1.0, StepVariance.AUTO, RejectionSettings.DEFAULT),
                parse("--sampler", "ddim", "--steps", "20"));
    }

    @Test
    void deterministicDdimAndDdpmOnlyWhenAsked() {
        SamplerSettings deterministic = parse("--eta", "0");
        assertEquals(SamplerKind.DDIM, deterministic.kind());
        assertEquals(0.0, deterministic.eta());
        assertEquals(50, deterministic.steps());
        SamplerSettings ddpm = parse("--sampler", "ddpm");
        assertEquals(SamplerKind.DDPM, ddpm.kind());
        assertEquals(1000, ddpm.steps());
        assertEquals(StepVariance.FIXED, ddpm.resolved(true).variance(), "auto means the schedule's for ddpm");
        assertEquals(StepVariance.FIXED, parse("--variance", "fixed").variance());
    }

    @Test
    void theWarningNamesTheSettingsAndHowToGetTheDefault() {
        StringWriter err = new StringWriter();
        PrintWriter out = new PrintWriter(err);
        assertFalse(SamplerOptions.warnIfDiverged(out, 0, 100, SamplerSettings.ddim(100)));
        assertEquals("", err.toString());
        assertTrue(SamplerOptions.warnIfDiverged(out, 40, 100, SamplerSettings.ddim(100)));
        String line = err.toString();
        assertTrue(line.startsWith("WARNING: 40 of 100 draws diverged"), line);
        assertTrue(line.contains("ddim, 100 steps, eta 0.0, variance fixed"), line);
        assertTrue(line.contains("leave out --sampler, --steps, --eta and --variance"), line);
    }
}
