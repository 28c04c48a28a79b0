package dev.coherent.modelset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coherent.cohort.Split;
import dev.coherent.linear.LinearGaussian;
import dev.coherent.testutil.ModelSetFixture;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LinearFitsTest {

    private static LinearGaussian rnaseqFromRppa(List<LinearGaussian> models) {
        return models.stream()
                .filter(m -> m.target().equals("rnaseq") && m.conditions().equals(List.of("rppa")))
                .findFirst()
                .orElseThrow();
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
