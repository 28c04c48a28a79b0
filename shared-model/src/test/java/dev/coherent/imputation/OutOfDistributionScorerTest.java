package dev.coherent.imputation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coherent.cohort.Split;
import dev.coherent.diffusion.SamplerSettings;
import dev.coherent.metrics.Roc;
import dev.coherent.modelset.ImputationMethod;
import dev.coherent.modelset.ModelSet;
import dev.coherent.modelset.StandardizedCohort;
import dev.coherent.testutil.ModelSetFixture;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class OutOfDistributionScorerTest {

    /** Clean test patients' RNA-seq, and the same vectors broken the ways real inputs break. */
    @Test
    void scaledShiftedAndRotatedInputsScoreAboveCleanOnesAndCleanOnesRarelyFlag() {
        try (ModelSet set = ModelSet.load(ModelSetFixture.modelSet())) {
            OutOfDistributionScorer scorer = OutOfDistributionScorer.of(set).orElseThrow();
            StandardizedCohort data = StandardizedCohort.of(set, ModelSetFixture.cohort());
            int[] test = data.having(Split.TEST, List.of("rnaseq"));
            int dim = set.modality("rnaseq").dim();
            double[][] rotation = randomRotation(dim, new SplittableRandom(5));
            double[] clean = scores(scorer, data, test, v -> v);
            double[] scaled = scores(scorer, data, test, v -> map(v, (j, x) -> 3 * x));
            double[] shifted = scores(scorer, data, test, v -> map(v, (j, x) -> x + 2));
            double[] rotated = scores(scorer, data, test, v -> rotate(rotation, v));
            int flagged = 0;
            for (double s : clean) {
                flagged += s > OutOfDistribution.THRESHOLD ? 1 : 0;
            }
            assertTrue(flagged <= Math.max(2, 0.05 * clean.length), flagged + " of " + clean.length + " clean flagged");
            assertTrue(Roc.auc(scaled, clean) >= 0.95, "scaled x3: AUC " + Roc.auc(scaled, clean));
            assertTrue(Roc.auc(shifted, clean) >= 0.95, "shifted 2 sd: AUC " + Roc.auc(shifted, clean));
            assertTrue(Roc.auc(rotated, clean) >= 0.95, "rotated: AUC " + Roc.auc(rotated, clean));
        }
    }

    @Test
    void everyImputedPatientCarriesItsVerdictNamingTheMostUnusualModality() {
        try (ModelSet set = ModelSet.load(ModelSetFixture.modelSet())) {
            StandardizedCohort data = StandardizedCohort.of(set, ModelSetFixture.cohort());
            int i = data.having(Split.TEST, set.modalities())[0];
            float[] cna = set.scaler("cna").inverse(data.row("cna", i));
            float[] wsi = set.scaler("wsi").inverse(data.row("wsi", i));
            float[] badWsi = wsi.clone();
            for (int j = 0; j < badWsi.length; j++) {
                badWsi[j] = 50 * badWsi[j]; // wrong units
            }
            ImputationResult r = new Imputer(set).impute(new ImputationRequest(List.of(
                    new PatientInput("clean", Map.of("cna", cna, "wsi", wsi)),
                    new PatientInput("broken", Map.of("cna", cna, "wsi", badWsi))), List.of("rnaseq"),
                    ImputationMethod.LINEAR, 2, 1, 0.9, SamplerSettings.DEFAULT, false));
            OutOfDistribution clean = r.patients().get(0).ood();
            OutOfDistribution broken = r.patients().get(1).ood();
            assertEquals(Map.of("cna", clean.modalities().get("cna"), "wsi", clean.modalities().get("wsi")),
                    clean.modalities());
            assertTrue(broken.flagged());
            assertEquals("wsi", broken.modality());
            assertEquals(broken.modalities().get("wsi"), broken.score());
            assertTrue(broken.score() > 10 * clean.score());
        }
    }

    private static double[] scores(OutOfDistributionScorer scorer, StandardizedCohort data, int[] patients,
            UnaryOperator<float[]> corrupt) {
        double[] out = new double[patients.length];
        for (int k = 0; k < patients.length; k++) {
            Map<String, float[]> input = new LinkedHashMap<>();
            input.put("rnaseq", corrupt.apply(data.row("rnaseq", patients[k]).clone()));
            out[k] = scorer.score(input).score();
        }
        return out;
    }

    private interface Cell {
        double apply(int j, double x);
    }

    private static float[] map(float[] v, Cell f) {
        float[] out = new float[v.length];
        for (int j = 0; j < v.length; j++) {
            out[j] = (float) f.apply(j, v[j]);
        }
        return out;
    }

    private static float[] rotate(double[][] q, float[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            double s = 0;
            for (int j = 0; j < v.length; j++) {
                s += q[i][j] * v[j];
            }
            out[i] = (float) s;
        }
        return out;
    }

    /** A random orthogonal matrix: Gram-Schmidt on Gaussian columns. */
    static double[][] randomRotation(int d, SplittableRandom random) {
        List<double[]> basis = new ArrayList<>();
        while (basis.size() < d) {
            double[] v = new double[d];
            for (int j = 0; j < d; j++) {
                v[j] = random.nextGaussian();
            }
            for (double[] b : basis) {
                double dot = 0;
                for (int j = 0; j < d; j++) {
                    dot += v[j] * b[j];
                }
                for (int j = 0; j < d; j++) {
                    v[j] -= dot * b[j];
                }
            }
            double norm = 0;
            for (double x : v) {
                norm += x * x;
            }
            norm = Math.sqrt(norm);
            for (int j = 0; j < d; j++) {
                v[j] /= norm;
            }
            basis.add(v);
        }
        return basis.toArray(double[][]::new);
    }
}
