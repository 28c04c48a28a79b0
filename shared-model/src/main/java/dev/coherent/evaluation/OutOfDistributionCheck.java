package dev.coherent.evaluation;

import dev.coherent.CoherentException;
import dev.coherent.cohort.Cohort;
import dev.coherent.cohort.Split;
import dev.coherent.imputation.OutOfDistribution;
import dev.coherent.imputation.OutOfDistributionScorer;
import dev.coherent.metrics.Roc;
import dev.coherent.modelset.ModelSet;
import dev.coherent.modelset.StandardizedCohort;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * How well a model set's out-of-distribution verdict ({@link OutOfDistributionScorer}) tells
 * broken inputs from clean ones, per modality, on a cohort's test patients. Each patient is scored
 * with every modality they have, as an imputation request would send them: the share of clean
 * patients flagged, and the AUROC of the score when only this modality's vector is (a) in three
 * times its units, (b) shifted by two standard deviations, (c) through a random rotation of the
 * standardized vector (the codes of another encoder), against the clean score; then (c) again with
 * the vector alone (a request that sends only this modality), and (d) another cohort's patients.
 */
public final class OutOfDistributionCheck {
    /** The check's file names in an evaluation folder. */
    public static final String TSV = "ood.tsv";

    public static final String MARKDOWN = "ood.md";

    /** One modality's result; {@code aucOtherCohort} is NaN without another cohort. */
    public record Row(
            String modality,
            int patients,
            double falseFlags,
            double aucScaled,
            double aucShifted,
            double aucRotated,
            double aucRotatedAlone,
            int otherPatients,
            double aucOtherCohort) {}

    private OutOfDistributionCheck() {}

    /**
     * Runs the check on the test split of {@code cohort} (in the set's model space), and on every
     * patient of {@code other} (null for none) as the foreign cohort.
     *
     * @throws CoherentException when the set has no out-of-distribution thresholds
     */
    public static List<Row> run(ModelSet set, Cohort cohort, Cohort other, long seed) {
        OutOfDistributionScorer scorer = OutOfDistributionScorer.of(set)
                .orElseThrow(() -> new CoherentException("model set " + set.version()
                        + " has no out-of-distribution thresholds (trained before they existed)"));
        StandardizedCohort data = StandardizedCohort.of(set, cohort);
        StandardizedCohort foreign = other == null ? null : StandardizedCohort.of(set, other);
        List<Row> out = new ArrayList<>();
        for (String m : set.modalities()) {
            int[] test = data.having(Split.TEST, List.of(m));
            if (test.length == 0) {
                continue;
            }
            double[][] rotation = randomRotation(set.modality(m).dim(), new SplittableRandom(seed));
            UnaryOperator<float[]> rotate = v -> rotate(rotation, v);
            double[] clean = scores(scorer, set, m, data, test, v -> v, true);
            double[] scaled = scores(
                    scorer,
                    set,
                    m,
                    data,
                    test,
                    v -> {
                        float[] raw = set.scaler(m).inverse(v);
                        for (int j = 0; j < raw.length; j++) {
                            raw[j] *= 3;
                        }
                        return set.scaler(m).transform(raw);
                    },
                    true);
            double[] shifted = scores(
                    scorer,
                    set,
                    m,
                    data,
                    test,
                    v -> {
                        float[] s = v.clone();
                        for (int j = 0; j < s.length; j++) {
                            s[j] += 2;
                        }
                        return s;
                    },
                    true);
            double[] rotated = scores(scorer, set, m, data, test, rotate, true);
            double[] alone = scores(scorer, set, m, data, test, v -> v, false);
            double[] rotatedAlone = scores(scorer, set, m, data, test, rotate, false);
            int flagged = 0;
            for (double s : clean) {
                flagged += s > OutOfDistribution.THRESHOLD ? 1 : 0;
            }
            double[] otherScores = new double[0];
            if (foreign != null && foreign.cohort().modalityNames().contains(m)) {
                int[] all = java.util.stream.IntStream.range(0, foreign.cohort().size())
                        .filter(i -> foreign.present(m, i))
                        .toArray();
                otherScores = scores(scorer, set, m, foreign, all, v -> v, true);
            }
            out.add(new Row(
                    m,
                    test.length,
                    (double) flagged / test.length,
                    Roc.auc(scaled, clean),
                    Roc.auc(shifted, clean),
                    Roc.auc(rotated, clean),
                    Roc.auc(rotatedAlone, alone),
                    otherScores.length,
                    otherScores.length == 0 ? Double.NaN : Roc.auc(otherScores, clean)));
        }
        return out;
    }

    /**
     * Each patient's score with {@code modality}'s vector passed through {@code input}, and with
     * every other modality the patient has when {@code withOthers}.
     */
    private static double[] scores(
            OutOfDistributionScorer scorer,
            ModelSet set,
            String modality,
            StandardizedCohort data,
            int[] patients,
            UnaryOperator<float[]> input,
            boolean withOthers) {
        double[] out = new double[patients.length];
        for (int k = 0; k < patients.length; k++) {
            int i = patients[k];
            Map<String, float[]> provided = new LinkedHashMap<>();
            for (String m : set.modalities()) {
                if (m.equals(modality)) {
                    provided.put(m, input.apply(data.row(m, i)));
                } else if (withOthers && data.cohort().modalityNames().contains(m) && data.present(m, i)) {
                    provided.put(m, data.row(m, i));
                }
            }
            out[k] = scorer.score(provided).score();
        }
        return out;
    }

    /** Writes {@link #TSV} and {@link #MARKDOWN} into {@code dir}. */
    public static void write(List<Row> rows, Path dir, String title) {
        try {
            Files.createDirectories(dir);
            try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(dir.resolve(TSV)))) {
                w.println("modality\tpatients\tfalse_flags\tauc_scaled_x3\tauc_shifted_2sd\tauc_rotated"
                        + "\tauc_rotated_alone\tother_patients\tauc_other_cohort");
                for (Row r : rows) {
                    w.printf(
                            Locale.ROOT,
                            "%s\t%d\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%d\t%.4f%n",
                            r.modality(),
                            r.patients(),
                            r.falseFlags(),
                            r.aucScaled(),
                            r.aucShifted(),
                            r.aucRotated(),
                            r.aucRotatedAlone(),
                            r.otherPatients(),
                            r.aucOtherCohort());
                }
            }
            try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(dir.resolve(MARKDOWN)))) {
                w.println("# " + title);
                w.println();
                w.println("Share of clean test patients flagged (each scored with every modality they have), and"
                        + " AUROC of the out-of-distribution score when this modality's vector alone is broken, against"
                        + " the clean score (1 = every broken input scores above every clean one); *alone*: the"
                        + " patients send only this modality.");
                w.println();
                w.println("| modality | test patients | clean flagged | AUROC ×3 units | AUROC +2 sd | AUROC rotated"
                        + " | AUROC rotated, alone | AUROC other cohort (patients) |");
                w.println("|---|---|---|---|---|---|---|---|");
                for (Row r : rows) {
                    w.printf(
                            Locale.ROOT,
                            "| %s | %d | %.1f%% | %.3f | %.3f | %.3f | %.3f | %s |%n",
                            r.modality(),
                            r.patients(),
                            100 * r.falseFlags(),
                            r.aucScaled(),
                            r.aucShifted(),
                            r.aucRotated(),
                            r.aucRotatedAlone(),
                            r.otherPatients() == 0
                                    ? "—"
                                    : String.format(Locale.ROOT, "%.3f (%d)", r.aucOtherCohort(), r.otherPatients()));
                }
            }
        } catch (IOException e) {
            throw new CoherentException(
                    "cannot write the out-of-distribution check to " + dir + ": " + e.getMessage(), e);
        }
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

    /** A random orthogonal matrix [d][d]: Gram-Schmidt on Gaussian vectors. */
    public static double[][] randomRotation(int d, SplittableRandom random) {
        double[][] basis = new double[d][];
        for (int k = 0; k < d; k++) {
            double[] v = new double[d];
            for (int j = 0; j < d; j++) {
                v[j] = random.nextGaussian();
            }
            for (int b = 0; b < k; b++) {
                double dot = 0;
                for (int j = 0; j < d; j++) {
                    dot += v[j] * basis[b][j];
                }
                for (int j = 0; j < d; j++) {
                    v[j] -= dot * basis[b][j];
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
            basis[k] = v;
        }
        return basis;
    }
}
