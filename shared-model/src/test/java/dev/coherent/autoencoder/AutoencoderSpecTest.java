package dev.coherent.autoencoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AutoencoderSpecTest {

    @Test
    void widthsFollowTheReferenceFormula() {
        // size_i = max(L, int(D * (L/D)^((i/n)^(1/s)))), values computed independently with Python floats.
        assertEquals(List.of(317, 100, 32), new AutoencoderSpec(1000, 32, 3, 1).widths(), "RNA: n = 3, s = 1");
        assertEquals(List.of(65, 32), new AutoencoderSpec(1000, 32, 2, 3).widths(), "CNA: s = 3 shrinks faster");
        assertEquals(List.of(32, 32), new AutoencoderSpec(33, 32, 2, 1).widths(), "never below the code width");
        assertEquals(List.of(85, 37, 16), new AutoencoderSpec(198, 16, 3, 1).widths());
        assertEquals(List.of(2339, 273, 32), new AutoencoderSpec(20000, 32, 3, 1).widths());
    }

    @Test
    void decoderMirrorsTheEncoder() {
        AutoencoderSpec spec = new AutoencoderSpec(1000, 32, 3, 1);
        Map<String, long[]> enc = AutoencoderOps.encoderShapes(spec);
        assertArrayEquals(new long[] {1000, 317}, enc.get("enc0_w"));
        assertArrayEquals(new long[] {317, 100}, enc.get("enc1_w"));
        assertArrayEquals(new long[] {100, 32}, enc.get("enc2_w"));
        assertArrayEquals(new long[] {32}, enc.get("enc_bn2_gamma"));
        assertArrayEquals(new long[] {32, 32}, enc.get("latent_w"), "a plain Linear(32 -> 32) gives the code");
        Map<String, long[]> dec = AutoencoderOps.decoderShapes(spec);
        assertArrayEquals(new long[] {32, 32}, dec.get("dec0_w"), "Linear(32 -> 32) + BN + ReLU first");
        assertArrayEquals(new long[] {32, 100}, dec.get("dec1_w"));
        assertArrayEquals(new long[] {100, 317}, dec.get("dec2_w"));
        assertArrayEquals(new long[] {317, 1000}, dec.get("recon_w"));
        assertArrayEquals(new long[] {317}, dec.get("dec_bn2_var"));
    }

    @Test
    void rejectsImpossibleShapes() {
        assertThrows(IllegalArgumentException.class, () -> new AutoencoderSpec(0, 32, 2, 1));
        assertThrows(IllegalArgumentException.class, () -> new AutoencoderSpec(10, 4, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new AutoencoderSpec(10, 4, 2, 0));
    }
}
