package dev.coherent.cohort;

import static dev.coherent.cohort.TestFiles.EXAMPLES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CohortsTest {
    private static Cohort toy(float value, Split split, String feature, float[] second) {
        List<Sample> samples =
                List.of(new Sample("A", "T", split, Map.of()), new Sample("B", "T", Split.TRAIN, Map.of()));
        float[][] rows = {{value, 2f}, second};
        return new Cohort("toy", samples, Map.of("m", new ModalityMatrix("m", List.of(feature, "g"), rows)));
    }

    @Test
    void fingerprintIsStableHexSha256() {
        String f = Cohorts.fingerprint(toy(1f, Split.TEST, "f", null));
        assertEquals(f, Cohorts.fingerprint(toy(1f, Split.TEST, "f", null)));
        assertEquals(64, f.length());
        assertTrue(f.matches("[0-9a-f]{64}"));
    }

    @Test
    void fingerprintChangesWithValuesSplitsFeaturesAndPresence() {
        String base = Cohorts.fingerprint(toy(1f, Split.TEST, "f", null));
        assertNotEquals(base, Cohorts.fingerprint(toy(1.0000001f, Split.TEST, "f", null)));
        assertNotEquals(base, Cohorts.fingerprint(toy(1f, Split.VAL, "f", null)));
        assertNotEquals(base, Cohorts.fingerprint(toy(1f, null, "f", null)));
        assertNotEquals(base, Cohorts.fingerprint(toy(1f, Split.TEST, "h", null)));
        assertNotEquals(base, Cohorts.fingerprint(toy(1f, Split.TEST, "f", new float[] {Float.NaN, Float.NaN})));
    }

    @Test
    void fingerprintOfExampleIsRepeatable() {
        Cohort a = CohortReader.read(EXAMPLES.resolve("synthetic-pancancer-small"));
        Cohort b = CohortReader.read(EXAMPLES.resolve("synthetic-pancancer-small"));
        assertEquals(Cohorts.fingerprint(a), Cohorts.fingerprint(b));
        assertNotEquals(Cohorts.fingerprint(a), Cohorts.fingerprint(a.withSplits(CohortSplitter.paperSplit(a, 1))));
    }
}
