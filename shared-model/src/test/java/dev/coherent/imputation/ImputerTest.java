package dev.coherent.imputation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coherent.cohort.Cohort;
import dev.coherent.cohort.Split;
import dev.coherent.diffusion.DiffusionSampler;
import dev.coherent.diffusion.SamplerSettings;
import dev.coherent.modelset.ImputationMethod;
import dev.coherent.modelset.InvalidQueryException;
import dev.coherent.modelset.ModelSet;
import dev.coherent.testutil.ModelSetFixture;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ImputerTest {
    private static final SamplerSettings FAST = SamplerSettings.ddim(10);
    private static ModelSet set;
    private static Imputer imputer;
    private static Cohort cohort;

    @BeforeAll
    static void load() {
        set = ModelSet.load(ModelSetFixture.modelSet());
        imputer = new Imputer(set);
        cohort = ModelSetFixture.cohort();
    }

    @AfterAll
    static void close() {
        set.close();
    }

    /** Test patient i with only the given modalities, in data units. */
    private static PatientInput patient(int i, String... modalities) {
        int idx = cohort.indices(Split.TEST)[i];
        Map<String, float[]> m = new LinkedHashMap<>();
        for (String mod : modalities) {
            m.put(mod, cohort.modality(mod).row(idx));
        }
        return new PatientInput(cohort.sample(idx).id(), m);
    }

    private static ImputationRequest request(List<PatientInput> patients, List<String> targets, long seed) {
        return new ImputationRequest(patients, targets, ImputationMethod.AUTO, 6, seed, 0.9, FAST, false);
    }

    @Test
    void fillsEveryMissingModalityWithSummariesInDataUnits() {
        ImputationResult r = imputer.impute(request(List.of(patient(0, "rnaseq", "rppa")), null, 1));
        PatientImputation p = r.patients().get(0);
        assertEquals(List.of("cna", "wsi"), List.copyOf(p.imputed().keySet()));
        ImputedModality cna = p.imputed().get("cna");
        assertEquals(32, cna.mean().length);
        assertEquals(6, cna.draws());
        for (int j = 0; j < 32; j++) {
            assertTrue(cna.lower()[j] <= cna.mean()[j] && cna.mean()[j] <= cna.upper()[j]);
            assertTrue(cna.std()[j] > 0);
        }
        // Raw cna values spread over several units; a standardized answer would sit within ±3.
        double scale = set.scaler("cna").std()[0];
        assertTrue(scale > 1.5, "cna feature 0 std " + scale);
        assertEquals("fixture", r.modelSetVersion());
    }

    @Test
    void sameSeedSameNumbersAndAnotherSeedOtherDraws() {
        var a = imputer.impute(request(List.of(patient(1, "cna", "wsi")), List.of("rnaseq"), 5));
        var b = imputer.impute(request(List.of(patient(1, "cna", "wsi")), List.of("rnaseq"), 5));
        var c = imputer.impute(request(List.of(patient(1, "cna", "wsi")), List.of("rnaseq"), 6));
        float[] ma = a.patients().get(0).imputed().get("rnaseq").mean();
        assertArrayEquals(ma, b.patients().get(0).imputed().get("rnaseq").mean());
        assertFalse(java.util.Arrays.equals(
                ma, c.patients().get(0).imputed().get("rnaseq").mean()));
    }

    @Test
    void mixedGapsInOneRequestGiveEachPatientItsOwnAnswer() {
        PatientInput x = patient(2, "rnaseq");
        PatientInput y = patient(3, "cna", "rppa", "wsi");
        PatientInput z = patient(4, "rppa", "wsi");
        var together = imputer.impute(request(List.of(x, y, z), null, 9));
        var alone = imputer.impute(request(List.of(z), null, 9));
        assertEquals(3, together.patients().get(0).imputed().size());
        assertEquals(
                List.of("rnaseq"),
                List.copyOf(together.patients().get(1).imputed().keySet()));
        float[] t = together.patients().get(2).imputed().get("cna").mean();
        float[] s = alone.patients().get(0).imputed().get("cna").mean();
        for (int j = 0; j < t.length; j++) {
            assertEquals(s[j], t[j], 1e-3 * (1 + Math.abs(s[j])), "feature " + j);
        }
    }

    @Test
    void methodsCanBeForcedAndAreReported() {
        var coherent = imputer.impute(new ImputationRequest(
                List.of(patient(5, "rnaseq", "rppa")),
                List.of("wsi"),
                ImputationMethod.COHERENT,
                4,
                1,
                0.9,
                FAST,
                true));
        ImputedModality w = coherent.patients().get(0).imputed().get("wsi");
        assertEquals("coherent", w.method());
        assertEquals(4, w.samples().length);
        var multi = imputer.impute(new ImputationRequest(
                List.of(patient(5, "rnaseq")), List.of("wsi"), ImputationMethod.MULTI, 4, 1, 0.9, FAST, false));
        assertEquals("multi", multi.patients().get(0).imputed().get("wsi").method());
    }

    @Test
    void antitheticPairsShareNoiseWithOppositeSignsAndIndependentDrawsDoNot() {
        ImputationRequest r = new ImputationRequest(
                List.of(patient(6, "rnaseq")), List.of("cna"), ImputationMethod.COHERENT, 4, 3, 0.9, FAST, true);
        float[][] paired =
                imputer.impute(r).patients().get(0).imputed().get("cna").samples();
        float[][] independent = new Imputer(set, false)
                .impute(r)
                .patients()
                .get(0)
                .imputed()
                .get("cna")
                .samples();
        assertFalse(java.util.Arrays.equals(paired[0], paired[1]));
        // Draw 0 uses the same stream either way; draw 1 is its mirror in one scheme, fresh in the other.
        assertArrayEquals(paired[0], independent[0]);
        assertFalse(java.util.Arrays.equals(paired[1], independent[1]));
        // The mirror lies on the other side of the pair's centre for most features.
        int opposite = 0;
        float[] mean = imputer.impute(r).patients().get(0).imputed().get("cna").mean();
        for (int j = 0; j < 32; j++) {
            if ((paired[0][j] - mean[j]) * (paired[1][j] - mean[j]) < 0) {
                opposite++;
            }
        }
        assertTrue(opposite > 20, "opposite sides on " + opposite + " of 32 features");
    }

    /** An imputer whose draws get extra Gaussian noise of standard deviation {@code sd} (standardized units). */
    private static Imputer withExtraNoise(double sd) {
        return new Imputer(set, (plan, rows, seeds, signs, settings) -> {
            DiffusionSampler.Samples s = set.sample(plan, rows, seeds, signs, settings);
            float[] v = s.values().clone();
            java.util.SplittableRandom random = new java.util.SplittableRandom(seeds[0]);
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (v[i] + sd * random.nextGaussian());
            }
            return new DiffusionSampler.Samples(v, s.rows(), s.dim(), s.attempts(), s.badFraction(), s.accepted());
        });
    }

    @Test
    void everyImputedModalityCountsItsDivergedDrawsInStandardizedSpace() {
        ImputationRequest r = new ImputationRequest(
                List.of(patient(7, "rnaseq", "rppa"), patient(8, "cna")),
                null,
                ImputationMethod.AUTO,
                6,
                2,
                0.9,
                SamplerSettings.DEFAULT,
                false);
        for (PatientImputation p : imputer.impute(r).patients()) {
            p.imputed().forEach((m, v) -> assertEquals(0, v.diverged(), p.id() + " " + m));
        }
        // Noise of sd 3 on top of every draw: a spread of 9 training variances and more.
        for (PatientImputation p : withExtraNoise(3).impute(r).patients()) {
            p.imputed().forEach((m, v) -> assertEquals(6, v.diverged(), p.id() + " " + m));
        }
    }

    @Test
    void badRequestsNameThePatientAndField() {
        PatientInput ok = patient(0, "rnaseq");
        assertMessage("no patients", request(List.of(), null, 1));
        assertMessage("duplicate patient id", request(List.of(ok, ok), null, 1));
        assertMessage(
                "unknown modality 'mrna'",
                request(List.of(new PatientInput("p", Map.of("mrna", new float[32]))), null, 1));
        assertMessage(
                "rnaseq needs 32 values, got 3",
                request(List.of(new PatientInput("p", Map.of("rnaseq", new float[3]))), null, 1));
        float[] nan = new float[32];
        nan[7] = Float.NaN;
        assertMessage(
                "rnaseq[7] is not a finite number",
                request(List.of(new PatientInput("p", Map.of("rnaseq", nan))), null, 1));
        assertMessage("unknown target 'mrna'", request(List.of(ok), List.of("mrna"), 1));
        assertMessage("already has target 'rnaseq'", request(List.of(ok), List.of("rnaseq"), 1));
        assertMessage(
                "draws must be at least 1",
                new ImputationRequest(List.of(ok), null, ImputationMethod.AUTO, 0, 1, 0.9, FAST, false));
    }

    private static void assertMessage(String expected, ImputationRequest r) {
        InvalidQueryException e = assertThrows(InvalidQueryException.class, () -> imputer.impute(r));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
