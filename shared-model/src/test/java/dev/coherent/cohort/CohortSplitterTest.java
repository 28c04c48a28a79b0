package dev.coherent.cohort;

import static dev.coherent.cohort.TestFiles.EXAMPLES;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CohortSplitterTest {
    private static Cohort synthetic;

    @BeforeAll
    static void load() {
        synthetic = CohortReader.read(EXAMPLES.resolve("synthetic-pancancer-small"));
    }

    /** A cohort of one modality; patient i is complete when {@code complete[i]}. */
    private static Cohort cohort(String[] types, boolean[] complete) {
        List<Sample> samples = new ArrayList<>();
        float[][] rows = new float[types.length][];
        for (int i = 0; i < types.length; i++) {
            samples.add(new Sample("P" + i, types[i], null, Map.of()));
            rows[i] = complete[i] ? new float[] {i} : null;
        }
        return new Cohort("toy", samples, Map.of("m", new ModalityMatrix("m", List.of("f"), rows)));
    }

    @Test
    void stratifiesByTypeWithPaperProportions() {
        Split[] s = CohortSplitter.paperSplit(synthetic, 7);
        // Per type: val, test, train, patients, complete patients.
        Map<String, int[]> counts = new HashMap<>();
        for (int i = 0; i < s.length; i++) {
            int[] c = counts.computeIfAbsent(synthetic.sample(i).cancerType(), k -> new int[5]);
            c[
                    switch (s[i]) {
                        case VAL -> 0;
                        case TEST -> 1;
                        case TRAIN -> 2;
                    }]++;
            c[3]++;
            c[4] += synthetic.complete(i) ? 1 : 0;
        }
        assertEquals(20, counts.size());
        counts.forEach((type, c) -> {
            int valTarget = c[3] * 5 / 100;
            int testTarget = c[3] * 15 / 100;
            if (c[4] >= valTarget + testTarget) {
                assertEquals(valTarget, c[0], type);
                assertEquals(testTarget, c[1], type);
            } else {
                assertEquals(c[4], c[0] + c[1], type + ": all complete patients held out");
            }
        });
    }

    @Test
    void onlyCompletePatientsGoToValAndTest() {
        Split[] s = CohortSplitter.paperSplit(synthetic, 7);
        for (int i = 0; i < s.length; i++) {
            if (s[i] != Split.TRAIN) {
                assertTrue(synthetic.complete(i), synthetic.sample(i).id());
            }
        }
    }

    @Test
    void sameSeedSameSplitOtherSeedOtherSplit() {
        assertArrayEquals(CohortSplitter.paperSplit(synthetic, 42), CohortSplitter.paperSplit(synthetic, 42));
        assertFalse(Arrays.equals(CohortSplitter.paperSplit(synthetic, 42), CohortSplitter.paperSplit(synthetic, 43)));
    }

    @Test
    void sizesMatchTheExampleSplitRoughly() {
        Split[] s = CohortSplitter.paperSplit(synthetic, 0);
        int val = (int) Arrays.stream(s).filter(x -> x == Split.VAL).count();
        int test = (int) Arrays.stream(s).filter(x -> x == Split.TEST).count();
        int n = synthetic.size();
        // The example file has 51 val and 139 test; per-type flooring gives somewhat fewer val.
        assertTrue(val >= 0.03 * n && val <= 0.06 * n, "val " + val);
        assertTrue(test >= 0.12 * n && test <= 0.16 * n, "test " + test);
        assertTrue(Math.abs(test - synthetic.indices(Split.TEST).length) <= 10, "test " + test);
    }

    @Test
    void targetsFollowFloorsPerType() {
        String[] types = new String[40];
        boolean[] complete = new boolean[40];
        for (int i = 0; i < 40; i++) {
            types[i] = i < 20 ? "A" : "B";
            complete[i] = true;
        }
        Split[] s = CohortSplitter.paperSplit(cohort(types, complete), 1);
        int[] valPerType = new int[2];
        int[] testPerType = new int[2];
        for (int i = 0; i < 40; i++) {
            valPerType[i / 20] += s[i] == Split.VAL ? 1 : 0;
            testPerType[i / 20] += s[i] == Split.TEST ? 1 : 0;
        }
        assertArrayEquals(new int[] {1, 1}, valPerType);
        assertArrayEquals(new int[] {3, 3}, testPerType);
    }

    @Test
    void fewCompletePatientsAreSharedInProportion() {
        // 40 patients: targets 2 val and 6 test, but only 5 are complete: floor(5 * 2 / 8) = 1 val, 4 test.
        String[] types = new String[40];
        boolean[] complete = new boolean[40];
        for (int i = 0; i < 40; i++) {
            types[i] = null;
            complete[i] = i % 8 == 0;
        }
        Split[] s = CohortSplitter.paperSplit(cohort(types, complete), 3);
        assertEquals(1, Arrays.stream(s).filter(x -> x == Split.VAL).count());
        assertEquals(4, Arrays.stream(s).filter(x -> x == Split.TEST).count());
        for (int i = 0; i < 40; i++) {
            assertEquals(complete[i], s[i] != Split.TRAIN);
        }
    }

    @Test
    void smallTypeGetsNoHeldOutPatients() {
        String[] types = {"T", "T", "T", "T", "T"};
        boolean[] complete = {true, true, true, true, true};
        Split[] s = CohortSplitter.paperSplit(cohort(types, complete), 3);
        assertArrayEquals(new Split[] {Split.TRAIN, Split.TRAIN, Split.TRAIN, Split.TRAIN, Split.TRAIN}, s);
    }
}
