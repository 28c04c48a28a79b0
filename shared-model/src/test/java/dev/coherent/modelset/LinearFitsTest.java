package dev.coherent.modelset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coherent.cohort.Cohort;
import dev.coherent.cohort.ModalityMatrix;
import dev.coherent.cohort.Sample;
import dev.coherent.cohort.Split;
import dev.coherent.linear.LinearGaussian;
import dev.coherent.testutil.ModelSetFixture;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LinearFitsTest {

    private static LinearGaussian rnaseqFromRppa(List<LinearGaussian> models) {
        return models.stream()
                .filter(m -> m.target().equals("rnaseq") && m.conditions().equals(List.of("rppa")))
                .findFirst()
                .orElseThrow();
    }

    /** Three 4-wide modalities of one shared factor each patient has; {@code c} only for the first {@code withC}. */
    private static StandardizedCohort toy(int patients, int withC) {
        SplittableRandom random = new SplittableRandom(3);
        List<Sample> samples = new ArrayList<>();
        Map<String, float[][]> rows = new LinkedHashMap<>();
        for (String m : List.of("a", "b", "c")) {
            rows.put(m, new float[patients][]);
        }
        for (int i = 0; i < patients; i++) {
            samples.add(new Sample("p" + i, "t", Split.TRAIN, Map.of()));
            double z = random.nextGaussian();
            for (String m : rows.keySet()) {
                if (m.equals("c") && i >= withC) {
                    continue;
                }
                float[] v = new float[4];
                for (int j = 0; j < 4; j++) {
                    v[j] = (float) ((j + 1) * 0.5 * z + random.nextGaussian());
                }
                rows.get(m)[i] = v;
            }
        }
        Map<String, ModalityMatrix> matrices = new LinkedHashMap<>();
        rows.forEach((m, r) -> matrices.put(m, new ModalityMatrix(m, List.of("f0", "f1", "f2", "f3"), r)));
        return new StandardizedCohort(new Cohort("toy", samples, matrices));
    }

    /**
     * The factor model of the out-of-distribution score, with a threshold for every set of two or
     * more modalities; none (the score falls back to each modality's distance) when a modality has
     * too few patients to fit it in every fold.
     */
    @Test
    void disagreementFitsAFactorModelWithThresholdsOrNoneWhenAModalityIsRare() {
        LinearFits.Disagreement full = LinearFits.disagreement(List.of("a", "b", "c"), toy(300, 300), 1, Split.TRAIN);
        assertEquals(1, full.model().weights().rank());
        assertEquals(
                List.of(List.of("a", "b"), List.of("a", "c"), List.of("b", "c"), List.of("a", "b", "c")),
                full.thresholds().stream()
                        .map(OutOfDistributionEntry::modalities)
                        .toList());
        assertTrue(full.thresholds().stream().allMatch(t -> t.patients() == 300 && t.percentile99() > t.median()));
        LinearFits.Disagreement rare = LinearFits.disagreement(
                List.of("a", "b", "c"), toy(300, LinearFits.MIN_DISAGREEMENT_PATIENTS - 1), 1, Split.TRAIN);
        assertNull(rare.model());
        assertTrue(rare.thresholds().isEmpty());
    }

    /**
     * The centers calibration draws with leave the held-out validation patients out and keep every
     * other training and validation patient: the same model as one fit on exactly those patients,
     * and not the deployed one, which saw the held-out patients too.
     */
    @Test
    void linearWithoutHeldOutPatientsIsFitOnEveryOtherTrainingAndValidationPatient() {
        try (ModelSet set = ModelSet.load(ModelSetFixture.modelSet())) {
            StandardizedCohort data = StandardizedCohort.of(set, ModelSetFixture.cohort());
            boolean codes = set.hasEncoders();
            long seed = set.manifest().trainingSeed();
            List<String> needed = List.of("rppa", "rnaseq");
            int[] held = Arrays.copyOf(data.having(Split.VAL, needed), 10);
            int[] kept = IntStream.concat(
                            Arrays.stream(data.having(Split.TRAIN, needed)),
                            Arrays.stream(data.having(Split.VAL, needed)))
                    .filter(i -> Arrays.stream(held).noneMatch(h -> h == i))
                    .toArray();

            LinearGaussian without = rnaseqFromRppa(LinearFits.linearWithout(set, data, held, codes, seed));
            LinearGaussian onKept = LinearFits.linearOn("rnaseq", List.of("rppa"), data, kept, codes, seed);
            LinearGaussian deployed = rnaseqFromRppa(
                    LinearFits.fitLinear(set.modalities(), data, codes, seed, Split.TRAIN, Split.VAL).stream()
                            .map(LinearGaussian.Fitted::model)
                            .toList());

            float[] x = data.row("rppa", held[0]);
            assertArrayEquals(onKept.mean(x), without.mean(x), 1e-5f);
            float[] mean = without.mean(x);
            float[] deployedMean = deployed.mean(x);
            double gap = 0;
            for (int j = 0; j < mean.length; j++) {
                gap = Math.max(gap, Math.abs(mean[j] - deployedMean[j]));
            }
            assertTrue(gap > 1e-4, "held-out patients left out of the fit: " + gap);
        }
    }
}
