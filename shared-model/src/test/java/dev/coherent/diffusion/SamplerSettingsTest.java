package dev.coherent.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SamplerSettingsTest {

    @Test
    void theSafeDefaultIsStochasticFiftyStepDdimWithTheAutoVariance() {
        SamplerSettings d = SamplerSettings.DEFAULT;
        assertEquals(SamplerKind.DDIM, d.kind());
        assertEquals(50, d.steps());
        assertEquals(1.0, d.eta());
        assertEquals(StepVariance.AUTO, d.variance());
        assertEquals(RejectionSettings.DEFAULT, d.rejection());
        // The text constants are the same values (they feed the functions' @WithDefault).
        assertEquals(d.kind().label(), SamplerSettings.DEFAULT_SAMPLER_TEXT);
        assertEquals(Integer.toString(d.steps()), SamplerSettings.DEFAULT_STEPS_TEXT);
        assertEquals(Double.toString(d.eta()), SamplerSettings.DEFAULT_ETA_TEXT);
        assertEquals(d.variance().label(), SamplerSettings.DEFAULT_VARIANCE_TEXT);
        assertEquals("ddim, 50 steps, eta 1.0, variance auto", d.describe());
        // Where the set measured its x̂₀ error the default is analytic; elsewhere the schedule's.
        assertEquals(StepVariance.ANALYTIC, d.resolved(true).variance());
        assertEquals(StepVariance.FIXED, d.resolved(false).variance());
    }

    @Test
    void whatIsNotGivenComesFromTheDefault() {
        assertEquals(SamplerSettings.DEFAULT, SamplerSettings.of(null, null, null, null, 1000));
        assertEquals(SamplerSettings.DEFAULT, SamplerSettings.of(SamplerKind.DDIM, null, null, null, 1000));
        SamplerSettings deterministic = SamplerSettings.of(SamplerKind.DDIM, 100, 0.0, StepVariance.FIXED, 1000);
        assertEquals(
                new SamplerSettings(SamplerKind.DDIM, 100, 0, StepVariance.FIXED, RejectionSettings.DEFAULT),
                deterministic);
        SamplerSettings ddpm = SamplerSettings.of(SamplerKind.DDPM, null, null, null, 1000);
        assertEquals(1000, ddpm.steps());
        assertEquals(0.0, ddpm.eta());
        assertEquals(StepVariance.FIXED, ddpm.resolved(true).variance());
    }
}
