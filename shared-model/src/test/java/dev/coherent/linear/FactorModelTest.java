package dev.coherent.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coherent.json.Json;
import dev.coherent.metrics.Roc;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FactorModelTest {
    private static final List<String> MODALITIES = List.of("a", "b", "c");
    private static final int DIM = 8;
    private static final int RANK = 4;

    /** Known loadings: three 8-wide modalities driven by 4 shared factors, uniqueness 0.3..0.6. */
    private static final double[][] LOADINGS = loadings();

    private static double[][] loadings() {
        SplittableRandom random = new SplittableRandom(11);
        double[][] w = new double[3 * DIM][RANK];
        for (double[] row : w) {
            for (int k = 0; k < RANK; k++) {
                row[k] = 0.6 * random.nextGaussian();
            }
        }
        return w;
    }

    private static double uniqueness(int feature) {
        return 0.3 + 0.3 * (feature % 4) / 3.0;
    }

    /** Patients of the known model; every third lacks one modality (in turn), as real cohorts do. */
    private static float[][][] patients(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][][] out = new float[n][3][];
        for (int i = 0; i < n; i++) {
            double[] z = new double[RANK];
            for (int k = 0; k < RANK; k++) {
                z[k] = random.nextGaussian();
            }
            for (int b = 0; b < 3; b++) {
                float[] v = new float[DIM];
                for (int j = 0; j < DIM; j++) {
                    int f = b * DIM + j;
                    double x = Math.sqrt(uniqueness(f)) * random.nextGaussian();
                    for (int k = 0; k < RANK; k++) {
                        x += LOADINGS[f][k] * z[k];
                    }
                    v[j] = (float) x;
                }
                out[i][b] = v;
            }
            if (i % 3 == 0) {
                out[i][(i / 3) % 3] = null;
            }
        }
        return out;
    }

    /** The known model itself, for exact conditionals. */
    private static FactorModel truth() {
        double[] psi = new double[3 * DIM];
        for (int f = 0; f < psi.length; f++) {
            psi[f] = uniqueness(f);
        }
        return new FactorModel(
                new FactorModel.Weights(MODALITIES, new int[] {DIM, DIM, DIM}, 0, new double[3 * DIM], LOADINGS, psi));
    }

    @Test
    void choosesTheTrueRankAndRecoversTheConditionalsFromPatientsWithGaps() {
        float[][][] data = patients(3000, 1);
        assertEquals(RANK, FactorModel.chooseRank(MODALITIES, data, 5));
        FactorModel fitted = FactorModel.fit(MODALITIES, data, RANK);
        LinearGaussian expected = truth().conditional("a", List.of("b", "c"));
        LinearGaussian actual = fitted.conditional("a", List.of("b", "c"));
        float[][] e = expected.weights().coefficients();
        float[][] a = actual.weights().coefficients();
        for (int i = 0; i < e.length; i++) {
            for (int j = 0; j < DIM; j++) {
                assertEquals(e[i][j], a[i][j], 0.06, "coefficient " + i + "," + j);
            }
        }
        for (int i = 0; i < DIM; i++) {
            assertEquals(expected.weights().covariance()[i][i], actual.weights().covariance()[i][i], 0.08);
            assertEquals(0, actual.weights().intercepts()[i], 0.08);
        }
    }

    /** Woodbury's density of a patient equals the chain rule over the model's own conditionals. */
    @Test
    void densityOfAPatientIsTheProductOfItsConditionals() {
        FactorModel model = FactorModel.fit(MODALITIES, patients(600, 2), 3);
        float[][] patient = patients(1, 9)[0];
        patient[0] = new float[] {0.5f, -1, 0.2f, 0, 1.5f, -0.3f, 0.1f, 0.7f}; // the first patient lacks a
        float[] bc = new float[2 * DIM];
        System.arraycopy(patient[1], 0, bc, 0, DIM);
        System.arraycopy(patient[2], 0, bc, DIM, DIM);
        double chain = model.conditional("b", List.of()).logDensity(new float[0], patient[1])
                + model.conditional("c", List.of("b")).logDensity(patient[1], patient[2])
                + model.conditional("a", List.of("b", "c")).logDensity(bc, patient[0]);
        assertEquals(chain, model.logDensity(patient), 1e-3 * Math.abs(chain));
        float[][] withoutA = {null, patient[1], patient[2]};
        assertEquals(
                model.conditional("b", List.of()).logDensity(new float[0], patient[1])
                        + model.conditional("c", List.of("b")).logDensity(patient[1], patient[2]),
                model.logDensity(withoutA),
                1e-3 * Math.abs(chain));
    }

    /** A modality swapped in from another patient disagrees with the rest: its log ratio is higher. */
    @Test
    void logRatioTellsAModalityOfAnotherPatientFromTheirOwn() {
        FactorModel model = FactorModel.fit(MODALITIES, patients(1500, 3), RANK);
        float[][][] test = patients(400, 4);
        double[] own = new double[test.length];
        double[] swapped = new double[test.length];
        int n = 0;
        for (int i = 0; i < test.length; i++) {
            if (test[i][0] == null || test[i][1] == null || test[(i + 1) % test.length][0] == null) {
                continue;
            }
            own[n] = model.logRatio("a", List.of("b"), Map.of("a", test[i][0], "b", test[i][1]));
            swapped[n] =
                    model.logRatio("a", List.of("b"), Map.of("a", test[(i + 1) % test.length][0], "b", test[i][1]));
            n++;
        }
        double auc = Roc.auc(Arrays.copyOf(swapped, n), Arrays.copyOf(own, n));
        assertTrue(auc > 0.9, "AUROC " + auc);
    }

    @Test
    void roundTripsThroughJsonAndRefusesMismatchedShapes() throws Exception {
        FactorModel model = FactorModel.fit(MODALITIES, patients(300, 5), 2);
        String json = Json.MAPPER.writeValueAsString(model.weights());
        FactorModel back = new FactorModel(Json.MAPPER.readValue(json, FactorModel.Weights.class));
        float[][] patient = patients(1, 6)[0];
        patient[0] = new float[DIM];
        assertEquals(model.logDensity(patient), back.logDensity(patient), 1e-9);
        FactorModel.Weights w = model.weights();
        assertThrows(
                IllegalArgumentException.class,
                () -> new FactorModel.Weights(
                        w.modalities(), new int[] {DIM, DIM}, 1, w.mean(), w.loadings(), w.uniqueness()));
        assertThrows(IllegalArgumentException.class, () -> model.conditional("d", List.of("a")));
    }
}
