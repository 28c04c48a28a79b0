package dev.coherent.functions.imputation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.coherent.diffusion.RejectionSettings;
import dev.coherent.diffusion.SamplerKind;
import dev.coherent.diffusion.SamplerSettings;
import dev.coherent.functions.common.testing.TestModelSet;
import dev.coherent.imputation.ImputationRequest;
import dev.coherent.imputation.ImputationResult;
import dev.coherent.imputation.ImputedModality;
import dev.coherent.imputation.Imputer;
import dev.coherent.imputation.PatientInput;
import dev.coherent.modelset.ImputationMethod;
import dev.coherent.modelset.ModelSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Merged sampling gives every seeded request the numbers it gets alone (on the test model set). */
class BatchingSamplerTest {
    private static final int DRAWS = 4;
    private static ModelSet set;

    @BeforeAll
    static void load() {
        set = ModelSet.load(TestModelSet.folder());
    }

    @AfterAll
    static void close() {
        set.close();
    }

    private static BatchingSampler batching(Duration window, int maxRows) {
        return new BatchingSampler(
                new BatchingConfig() {
                    @Override
                    public Duration window() {
                        return window;
                    }

                    @Override
                    public int maxRows() {
                        return maxRows;
                    }
                },
                true,
                dev.coherent.functions.common.batching.MicroBatcher.Observer.NONE);
    }

    /** Request i: one patient (the same id in every request) with rnaseq, imputing cna, seed 100 + i. */
    private static ImputationRequest request(int i, String observed, double eta) {
        Random r = new Random(i);
        float[] v = new float[set.modality(observed).dim()];
        for (int j = 0; j < v.length; j++) {
            v[j] = (float) r.nextGaussian();
        }
        return new ImputationRequest(
                List.of(new PatientInput("P1", Map.of(observed, v))),
                List.of("cna"),
                ImputationMethod.AUTO,
                DRAWS,
                100 + i,
                0.9,
                new SamplerSettings(SamplerKind.DDIM, 10, eta, RejectionSettings.DEFAULT),
                false);
    }

    private static List<ImputationResult> concurrently(BatchingSampler batching, List<ImputationRequest> requests)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(requests.size());
        try {
            List<Future<ImputationResult>> f = new ArrayList<>();
            for (ImputationRequest q : requests) {
                f.add(pool.submit(() -> new Imputer(set, batching.rowSampler(set)).impute(q)));
            }
            List<ImputationResult> out = new ArrayList<>();
            for (Future<ImputationResult> x : f) {
                out.add(x.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertSame(ImputationResult alone, ImputationResult batched) {
        ImputedModality a = alone.patients().get(0).imputed().get("cna");
        ImputedModality b = batched.patients().get(0).imputed().get("cna");
        assertArrayEquals(a.mean(), b.mean());
        assertArrayEquals(a.std(), b.std());
        assertArrayEquals(a.lower(), b.lower());
        assertArrayEquals(a.upper(), b.upper());
        assertEquals(a.rejected(), b.rejected());
    }

    @Test
    void concurrentSeededRequestsAreMergedAndGetTheirOwnNumbers() throws Exception {
        int n = 4;
        List<ImputationRequest> requests = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            requests.add(request(i, "rnaseq", 1.0));
        }
        // A long window and room for exactly n requests: the batch runs once all n have joined.
        BatchingSampler batching = batching(Duration.ofSeconds(30), n * DRAWS);
        List<ImputationResult> batched = concurrently(batching, requests);
        assertEquals(n, batching.requestedCalls());
        assertEquals(1, batching.samplerCalls());
        for (int i = 0; i < n; i++) {
            assertSame(new Imputer(set).impute(requests.get(i)), batched.get(i));
        }
    }

    @Test
    void anEnsembleWithRejectionIsMergedToo() throws Exception {
        // Two observed modalities: the coherent ensemble, whose rejected rows are sampled again per row.
        List<ImputationRequest> requests = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ImputationRequest one = request(i, "rnaseq", 1.0);
            Map<String, float[]> m =
                    new java.util.HashMap<>(one.patients().get(0).modalities());
            m.put(
                    "rppa",
                    request(i + 10, "rppa", 1.0).patients().get(0).modalities().get("rppa"));
            requests.add(new ImputationRequest(
                    List.of(new PatientInput("P1", m)),
                    one.targets(),
                    ImputationMethod.COHERENT,
                    DRAWS,
                    one.seed(),
                    0.9,
                    one.sampler(),
                    false));
        }
        BatchingSampler batching = batching(Duration.ofSeconds(30), 3 * DRAWS);
        List<ImputationResult> batched = concurrently(batching, requests);
        assertEquals(1, batching.samplerCalls());
        for (int i = 0; i < 3; i++) {
            assertSame(new Imputer(set).impute(requests.get(i)), batched.get(i));
        }
    }

    @Test
    void aRowsNumbersDoNotDependOnHowManyRowsShareItsBatch() {
        // The same seeded patient alone and among 1 to 300 others with the same gap (one sampler call
        // of up to 301 x 10 rows): the network's matrix products must not round differently with
        // the row count, which is what a merged batch changes.
        ImputationRequest alone = request(0, "rnaseq", 1.0);
        PatientInput p1 = alone.patients().get(0);
        ImputedModality expected =
                new Imputer(set).impute(alone).patients().get(0).imputed().get("cna");
        for (int others : new int[] {1, 7, 40, 300}) {
            List<PatientInput> patients = new ArrayList<>(List.of(p1));
            for (int i = 0; i < others; i++) {
                patients.add(new PatientInput(
                        "Q" + i, request(i + 1, "rnaseq", 1.0).patients().get(0).modalities()));
            }
            ImputationRequest many = new ImputationRequest(
                    patients,
                    alone.targets(),
                    alone.method(),
                    10,
                    alone.seed(),
                    alone.interval(),
                    alone.sampler(),
                    false);
            ImputationRequest one = new ImputationRequest(
                    List.of(p1),
                    alone.targets(),
                    alone.method(),
                    10,
                    alone.seed(),
                    alone.interval(),
                    alone.sampler(),
                    false);
            ImputedModality a =
                    new Imputer(set).impute(one).patients().get(0).imputed().get("cna");
            ImputedModality b =
                    new Imputer(set).impute(many).patients().get(0).imputed().get("cna");
            assertArrayEquals(a.mean(), b.mean(), "with " + others + " other patients");
            assertArrayEquals(a.std(), b.std(), "with " + others + " other patients");
        }
        assertEquals(DRAWS, expected.draws());
    }

    @Test
    void differentSamplerSettingsAreNotMerged() throws Exception {
        BatchingSampler batching = batching(Duration.ofMillis(200), 1000);
        List<ImputationResult> batched =
                concurrently(batching, List.of(request(0, "rnaseq", 1.0), request(1, "rnaseq", 0.0)));
        assertEquals(2, batching.samplerCalls());
        assertSame(new Imputer(set).impute(request(1, "rnaseq", 0.0)), batched.get(1));
    }

    @Test
    void windowZeroSamplesEachRequestAlone() throws Exception {
        BatchingSampler batching = batching(Duration.ZERO, 1000);
        List<ImputationRequest> requests =
                List.of(request(0, "rnaseq", 1.0), request(1, "rnaseq", 1.0), request(2, "rnaseq", 1.0));
        List<ImputationResult> batched = concurrently(batching, requests);
        assertEquals(3, batching.samplerCalls());
        for (int i = 0; i < 3; i++) {
            assertSame(new Imputer(set).impute(requests.get(i)), batched.get(i));
        }
    }
}
