package dev.coherent.autoencoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coherent.preprocess.LatentKind;
import dev.coherent.preprocess.PreprocessingParameters;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Encoders trained on a small low-rank matrix: export, load, identical outputs, useful reconstructions. */
class EncoderRoundTripTest {
    private static final int D = 24;
    private static final int RANK = 3;

    @TempDir
    Path dir;

    /** Rows x = f·W + 5 + small noise, with 3 latent factors f. */
    private static float[][] lowRank(int n, long seed) {
        SplittableRandom w = new SplittableRandom(7);
        double[][] loadings = new double[RANK][D];
        for (double[] row : loadings) {
            for (int j = 0; j < D; j++) {
                row[j] = w.nextGaussian();
            }
        }
        SplittableRandom r = new SplittableRandom(seed);
        float[][] out = new float[n][D];
        for (int i = 0; i < n; i++) {
            double[] f = {r.nextGaussian(), r.nextGaussian(), r.nextGaussian()};
            for (int j = 0; j < D; j++) {
                double v = 5;
                for (int k = 0; k < RANK; k++) {
                    v += f[k] * loadings[k][j];
                }
                out[i][j] = (float) (v + 0.05 * r.nextGaussian());
            }
        }
        return out;
    }

    private static PreprocessingParameters params(String modality) {
        List<String> names = new ArrayList<>();
        for (int j = 0; j < D; j++) {
            names.add("g" + j);
        }
        return new PreprocessingParameters(
                modality, "none", names, names, 1, 0.2, 0.1, "median", 5, null, new double[D], 100);
    }

    private static double mse(float[][] a, float[][] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                s += (a[i][j] - b[i][j]) * (a[i][j] - b[i][j]);
            }
        }
        return s / (a.length * a[0].length);
    }

    private static double meanBaselineMse(float[][] train, float[][] test) {
        float[] mean = new float[D];
        for (float[] row : train) {
            for (int j = 0; j < D; j++) {
                mean[j] += row[j] / train.length;
            }
        }
        float[][] pred = new float[test.length][];
        java.util.Arrays.fill(pred, mean);
        return mse(test, pred);
    }

    @Test
    void autoencoderRoundTripsThroughSavedModelsAndBeatsTheMean() {
        float[][] train = lowRank(100, 1);
        float[][] val = lowRank(40, 2);
        float[][] test = lowRank(40, 3);
        EncoderSpec spec = new EncoderSpec("toy", LatentKind.AUTOENCODER, D, 4, 2, 1);
        AutoencoderTrainer.Trained trained;
        try (AutoencoderTrainer trainer =
                new AutoencoderTrainer("toy", spec.autoencoder(), new AutoencoderConfig(250, 50, 3e-3f, 10, 20, 11))) {
            trained = trainer.train(train, val);
        }
        assertTrue(trained.bestEpoch() > 0 && trained.epochs() >= trained.bestEpoch());
        Path enc = dir.resolve("encoder");
        Path dec = dir.resolve("decoder");
        EncoderSavedModels.export(spec, trained.weights(), enc, dec);
        try (ModalityEncoder inMemory = new ModalityEncoder(spec, params("toy"), trained.weights(), trained.weights());
                ModalityEncoder loaded = new ModalityEncoder(
                        spec,
                        params("toy"),
                        EncoderSavedModels.loadEncoder(spec, enc),
                        EncoderSavedModels.loadDecoder(spec, dec))) {
            float[][] z = inMemory.encode(test);
            assertEquals(4, z[0].length);
            float[][] zLoaded = loaded.encode(test);
            float[][] back = inMemory.decode(z);
            float[][] backLoaded = loaded.decode(zLoaded);
            for (int i = 0; i < test.length; i++) {
                assertArrayEquals(z[i], zLoaded[i], "codes identical after export and load");
                assertArrayEquals(back[i], backLoaded[i], "reconstructions identical after export and load");
            }
            // An external TensorFlow runtime calling the serving signatures gets the same numbers.
            float[] served =
                    EncoderSavedModels.serve(enc, EncoderSavedModels.FEATURES, EncoderSavedModels.CODE, test[0], 1, D);
            assertArrayEquals(z[0], served, 1e-6f);
            float[] decoded =
                    EncoderSavedModels.serve(dec, EncoderSavedModels.CODE, EncoderSavedModels.FEATURES, z[0], 1, 4);
            assertArrayEquals(back[0], decoded, 1e-5f);
            // A row's code does not depend on the rest of its batch (running batch-norm statistics).
            assertArrayEquals(z[5], inMemory.encode(new float[][] {test[5]})[0], 1e-6f);
            double ae = mse(test, back);
            double mean = meanBaselineMse(train, test);
            assertTrue(ae < 0.5 * mean, "autoencoder MSE " + ae + " should be well below the mean's " + mean);
        }
    }

    @Test
    void pcaRecoversALowRankMatrixAndRoundTrips() {
        float[][] train = lowRank(120, 4);
        float[][] test = lowRank(30, 5);
        EncoderSpec spec = new EncoderSpec("toy", LatentKind.PCA, D, RANK, 0, 0);
        Map<String, float[]> w = PrincipalComponents.fit(train, RANK);
        EncoderSavedModels.export(spec, w, dir.resolve("e"), dir.resolve("d"));
        try (ModalityEncoder pca = new ModalityEncoder(spec, params("toy"), w, w);
                ModalityEncoder loaded = new ModalityEncoder(
                        spec,
                        params("toy"),
                        EncoderSavedModels.loadEncoder(spec, dir.resolve("e")),
                        EncoderSavedModels.loadDecoder(spec, dir.resolve("d")))) {
            float[][] back = pca.decode(pca.encode(test));
            assertTrue(mse(test, back) < 0.01 * meanBaselineMse(train, test), "three components explain rank-3 data");
            assertArrayEquals(back[0], loaded.decode(loaded.encode(new float[][] {test[0]}))[0], 1e-6f);
        }
        // With fewer rows than features the Gram route finds the same axes as the covariance route.
        float[][] few = java.util.Arrays.copyOf(train, 12);
        float[] viaGram = PrincipalComponents.fit(few, RANK).get(PcaOps.COMPONENTS);
        float[][] padded = new float[2 * few.length][];
        for (int i = 0; i < padded.length; i++) {
            padded[i] = few[i % few.length]; // every row twice: the same covariance, as many rows as features
        }
        float[] viaCovariance = PrincipalComponents.fit(padded, RANK).get(PcaOps.COMPONENTS);
        assertArrayEquals(viaCovariance, viaGram, 1e-3f);
    }

    @Test
    void jacobiFindsTheEigenvaluesOfASymmetricMatrix() {
        double[][] a = {{4, 1, 0}, {1, 3, 1}, {0, 1, 2}};
        double[] values = new double[3];
        double[][] v = PrincipalComponents.jacobi(new double[][] {a[0].clone(), a[1].clone(), a[2].clone()}, values);
        java.util.Arrays.sort(values);
        // Eigenvalues of this tridiagonal matrix: 3 and 3 ± sqrt(3).
        assertArrayEquals(new double[] {3 - Math.sqrt(3), 3, 3 + Math.sqrt(3)}, values, 1e-9);
        for (int k = 0; k < 3; k++) {
            double norm = 0;
            for (int i = 0; i < 3; i++) {
                norm += v[i][k] * v[i][k];
            }
            assertEquals(1, norm, 1e-9, "orthonormal eigenvectors");
        }
    }

    @Test
    void latentNoneIsTheIdentity() {
        EncoderSpec spec = new EncoderSpec("toy", LatentKind.NONE, D, D, 0, 0);
        float[][] rows = lowRank(3, 9);
        try (ModalityEncoder id = new ModalityEncoder(spec, params("toy"), Map.of(), Map.of())) {
            assertArrayEquals(rows[1], id.encode(rows)[1]);
            assertArrayEquals(rows[2], id.decode(rows)[2]);
        }
    }
}
