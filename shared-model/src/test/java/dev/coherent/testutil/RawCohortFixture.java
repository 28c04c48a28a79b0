package dev.coherent.testutil;

import dev.coherent.autoencoder.AutoencoderConfig;
import dev.coherent.cohort.Cohort;
import dev.coherent.cohort.ModalityMatrix;
import dev.coherent.cohort.Sample;
import dev.coherent.cohort.Split;
import dev.coherent.diffusion.DenoiserConfig;
import dev.coherent.diffusion.DenoiserRole;
import dev.coherent.diffusion.MaskingStrategy;
import dev.coherent.diffusion.TrainingConfig;
import dev.coherent.diffusion.TrainingListener;
import dev.coherent.modelset.ModelSetTrainer;
import dev.coherent.modelset.RawModelSetTrainer;
import dev.coherent.preprocess.CellImputation;
import dev.coherent.preprocess.LatentKind;
import dev.coherent.preprocess.PreprocessingSpec;
import dev.coherent.preprocess.Recipe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A small synthetic raw cohort (counts, copy-number calls, protein levels driven by two shared
 * factors, with absent modalities and missing cells) and a raw model set trained on it once per
 * test JVM with tiny budgets: one encoder of each kind (autoencoder, PCA, none).
 */
public final class RawCohortFixture {
    public static final int PATIENTS = 40;
    private static RawModelSetTrainer.TrainedRawModelSet trained;
    private static Path exported;

    private RawCohortFixture() {}

    /** The cohort: complete patients 0..29 (val 0..3, test 4..7), 30..34 lack prot, 35..39 lack cn. */
    public static Cohort cohort() {
        return cohort(PATIENTS);
    }

    /** {@link #cohort()} with more patients: those from 40 on are complete training patients. */
    public static Cohort cohort(int patients) {
        SplittableRandom r = new SplittableRandom(5);
        float[][] expr = new float[patients][];
        float[][] cn = new float[patients][];
        float[][] prot = new float[patients][];
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < patients; i++) {
            double f1 = r.nextGaussian();
            double f2 = r.nextGaussian();
            expr[i] = new float[13];
            for (int j = 0; j < 12; j++) {
                double a = Math.sin(j + 1);
                double b = Math.cos(j + 1);
                expr[i][j] = Math.round(1000 * Math.exp(0.5 + a * f1 + b * f2 + 0.2 * r.nextGaussian()));
            }
            expr[i][12] = 0; // never expressed: the CPM filter drops it
            if (i < 35 || i >= PATIENTS) {
                cn[i] = new float[10];
                for (int j = 0; j < 10; j++) {
                    cn[i][j] = (float)
                            Math.max(-2, Math.min(2, Math.round((j % 2 == 0 ? f1 : f2) + 0.5 * r.nextGaussian())));
                }
            }
            if (i < 30 || i >= 35) {
                prot[i] = new float[6];
                for (int j = 0; j < 6; j++) {
                    prot[i][j] = (float) (3 + (j < 3 ? f1 : -f2) + 0.3 * r.nextGaussian());
                }
            }
            Split split = i < 4 ? Split.VAL : i < 8 ? Split.TEST : Split.TRAIN;
            samples.add(new Sample(id(i), null, split, Map.of()));
        }
        expr[9][2] = Float.NaN;
        prot[10][1] = Float.NaN;
        Map<String, ModalityMatrix> m = new LinkedHashMap<>();
        m.put("expr", new ModalityMatrix("expr", names("G", 13), expr));
        m.put("cn", new ModalityMatrix("cn", names("C", 10), cn));
        m.put("prot", new ModalityMatrix("prot", names("P", 6), prot));
        return new Cohort("raw-synthetic", samples, m);
    }

    public static String id(int i) {
        return String.format("R%02d", i);
    }

    public static List<String> names(String prefix, int n) {
        List<String> out = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            out.add(prefix + j);
        }
        return out;
    }

    /** One encoder of each kind. */
    public static Map<String, PreprocessingSpec> preprocessing() {
        Map<String, PreprocessingSpec> p = new LinkedHashMap<>();
        p.put(
                "expr",
                PreprocessingSpec.of(Recipe.COUNTS)
                        .withImpute(CellImputation.KNN, 3)
                        .withLatent(LatentKind.AUTOENCODER, 4)
                        .withAutoencoder(2, 1));
        p.put(
                "cn",
                PreprocessingSpec.of(Recipe.CALLS)
                        .withImpute(CellImputation.MEDIAN, 5)
                        .withLatent(LatentKind.PCA, 3));
        p.put("prot", PreprocessingSpec.of(Recipe.MEDIAN_CENTER).withLatent(LatentKind.NONE, 6));
        return p;
    }

    public static ModelSetTrainer.Options options() {
        // A tiny network and a 5-step validation sampler: these tests check plumbing, not quality.
        return new ModelSetTrainer.Options(
                new TrainingConfig(
                        new DenoiserConfig(16, 32, 2, 8),
                        4,
                        64,
                        2e-3f,
                        20,
                        3,
                        5,
                        1,
                        MaskingStrategy.RANDOM,
                        0.5f,
                        0f,
                        false,
                        3),
                EnumSet.allOf(DenoiserRole.class),
                2,
                "raw-fixture");
    }

    public static AutoencoderConfig autoencoder() {
        return new AutoencoderConfig(40, 64, 1e-3f, 5, 5, 3);
    }

    /** The trained set in memory (trained on first use, a few seconds). */
    public static synchronized RawModelSetTrainer.TrainedRawModelSet trained() {
        if (trained == null) {
            trained = new RawModelSetTrainer(options(), autoencoder())
                    .train(cohort(), preprocessing(), TrainingListener.NONE, f -> {});
        }
        return trained;
    }

    /** The exported model set folder; tests must not modify it (copy it first). */
    public static synchronized Path modelSet() {
        if (exported == null) {
            try {
                Path dir = Files.createTempDirectory("coherent-raw-fixture").resolve("set");
                RawModelSetTrainer.export(trained(), dir);
                exported = dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return exported;
    }
}
