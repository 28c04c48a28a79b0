package dev.coherent.prioritization;

import dev.coherent.classifier.Classifier;
import dev.coherent.classifier.ClassifierSpec;
import dev.coherent.cohort.Cohort;
import dev.coherent.cohort.CohortSplitter;
import dev.coherent.cohort.FeatureScaler;
import dev.coherent.cohort.Split;
import dev.coherent.diffusion.SamplerSettings;
import dev.coherent.metrics.Classifications;
import dev.coherent.modelset.ImputationMethod;
import dev.coherent.modelset.ModelSet;
import dev.coherent.modelset.StandardizedCohort;
import dev.coherent.random.Seeds;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The paper's Figure 4 protocol on the test split: for each share of patients in whom the modality
 * is observed (0 to 1 in steps of 0.05), classify every test patient with the modality kept for
 * that share and hidden for the rest, and score weighted F1 (as the reference). Informed strategies
 * keep it for the highest counterfactual scores first; random keeps it for random subsets (30 per
 * share). Each repeat draws the counterfactual samples anew.
 */
public final class PrioritizationEvaluation {
    public static final String INFORMED_DISAGREEMENT = "informed_disagreement";
    public static final String INFORMED_VARIANCE = "informed_variance";
    public static final String RANDOM = "random";
    static final int RANDOM_SUBSETS = 30;
    static final int RATIOS = 21;

    public record Options(
            String label,
            String modality,
            int draws,
            int repeats,
            long seed,
            SamplerSettings sampler,
            ImputationMethod method) {}

    /** Mean and standard deviation (over repeats) of F1 at one observed share. */
    public record CurvePoint(String strategy, double ratioObserved, double f1Mean, double f1Std) {}

    /** Curves, and per strategy the mean and std over repeats of the area under its curve. */
    public record Result(List<CurvePoint> curves, Map<String, double[]> auc, int patients) {}

    private final ModelSet set;
    private final Options options;

    public PrioritizationEvaluation(ModelSet set, Options options) {
        this.set = set;
        this.options = options;
    }

    public Result run(Cohort input, Consumer<String> progress) {
        Cohort cohort = CohortSplitter.withSplits(input, set.manifest().trainingSeed());
        Map<String, FeatureScaler> scalers = new HashMap<>();
        for (String m : set.modalities()) {
            scalers.put(m, set.scaler(m));
        }
        StandardizedCohort data = new StandardizedCohort(cohort, scalers);
        Classifier classifier = set.classifier(options.label());
        ClassifierSpec spec = classifier.spec();
        String modality = options.modality();
        set.modality(modality);

        // Test patients with the label and the modality.
        List<Integer> idx = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int i : cohort.indices(Split.TEST)) {
            String v = cohort.sample(i).labels().get(options.label());
            int c = v == null ? -1 : spec.classes().indexOf(v);
            if (c >= 0 && data.present(modality, i)) {
                idx.add(i);
                labels.add(c);
            }
        }
        int n = idx.size();
        if (n == 0) {
            throw new IllegalArgumentException(
                    "no test patient has both '" + options.label() + "' and '" + modality + "'");
        }
        int[] truth = labels.stream().mapToInt(Integer::intValue).toArray();
        int[] withModality = predict(classifier, data, idx, null);
        int[] withoutModality = predict(classifier, data, idx, modality);

        List<Map<String, float[]>> observed = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i : idx) {
            Map<String, float[]> r = new LinkedHashMap<>();
            for (String m : set.modalities()) {
                if (!m.equals(modality) && data.present(m, i)) {
                    r.put(m, data.row(m, i));
                }
            }
            observed.add(r);
            ids.add(cohort.sample(i).id());
        }
        CounterfactualScorer scorer = new CounterfactualScorer(set, classifier);
        List<String> strategies = List.of(INFORMED_DISAGREEMENT, INFORMED_VARIANCE, RANDOM);
        Map<String, double[][]> f1 = new LinkedHashMap<>(); // strategy -> [repeat][ratio]
        strategies.forEach(s -> f1.put(s, new double[options.repeats()][RATIOS]));
        for (int rep = 0; rep < options.repeats(); rep++) {
            long seed = Seeds.mix(options.seed(), rep);
            List<PatientScore> scores =
                    scorer.score(observed, ids, modality, options.draws(), seed, options.sampler(), options.method());
            SplittableRandom random = new SplittableRandom(seed);
            int[] byDisagreement = order(scores, ScoreKind.DISAGREEMENT, random);
            int[] byVariance = order(scores, ScoreKind.VARIANCE, random);
            for (int r = 0; r < RATIOS; r++) {
                int keep = observedCount(n, r);
                f1.get(INFORMED_DISAGREEMENT)[rep][r] = f1(truth, withModality, withoutModality, byDisagreement, keep);
                f1.get(INFORMED_VARIANCE)[rep][r] = f1(truth, withModality, withoutModality, byVariance, keep);
                double sum = 0;
                for (int s = 0; s < RANDOM_SUBSETS; s++) {
                    sum += f1(truth, withModality, withoutModality, shuffled(n, random), keep);
                }
                f1.get(RANDOM)[rep][r] = sum / RANDOM_SUBSETS;
            }
            progress.accept(String.format(java.util.Locale.ROOT, "repeat %d/%d done", rep + 1, options.repeats()));
        }
        List<CurvePoint> curves = new ArrayList<>();
        Map<String, double[]> auc = new LinkedHashMap<>();
        for (String s : strategies) {
            double[][] v = f1.get(s);
            for (int r = 0; r < RATIOS; r++) {
                double[] column = new double[options.repeats()];
                for (int rep = 0; rep < options.repeats(); rep++) {
                    column[rep] = v[rep][r];
                }
                curves.add(new CurvePoint(s, ratio(r), mean(column), std(column)));
            }
            double[] areas = new double[options.repeats()];
            for (int rep = 0; rep < options.repeats(); rep++) {
                for (int r = 1; r < RATIOS; r++) {
                    areas[rep] += (ratio(r) - ratio(r - 1)) * (v[rep][r] + v[rep][r - 1]) / 2;
                }
            }
            auc.put(s, new double[] {mean(areas), std(areas)});
        }
        return new Result(curves, auc, n);
    }

    static double ratio(int r) {
        return r / (double) (RATIOS - 1);
    }

    /** Patients who keep the modality at share index r: N minus the reference's int(N·(1 − share)). */
    static int observedCount(int n, int r) {
        return n - (int) Math.floor(n * (1 - ratio(r)) + 1e-9);
    }

    /** Patient positions by descending score; ties broken at random (the reference's sort is unstable). */
    static int[] order(List<PatientScore> scores, ScoreKind kind, SplittableRandom random) {
        int n = scores.size();
        double[] tie = new double[n];
        Integer[] pos = new Integer[n];
        for (int i = 0; i < n; i++) {
            tie[i] = random.nextDouble();
            pos[i] = i;
        }
        java.util.Arrays.sort(
                pos,
                Comparator.<Integer>comparingDouble(i -> -scores.get(i).score(kind))
                        .thenComparingDouble(i -> tie[i]));
        return java.util.Arrays.stream(pos).mapToInt(Integer::intValue).toArray();
    }

    private static int[] shuffled(int n, SplittableRandom random) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        Seeds.shuffle(a, random);
        return a;
    }

    /** Weighted F1 when the first {@code keep} patients of {@code order} have the modality observed. */
    static double f1(int[] truth, int[] with, int[] without, int[] order, int keep) {
        int[] pred = without.clone();
        for (int i = 0; i < keep; i++) {
            pred[order[i]] = with[order[i]];
        }
        int classes = 0;
        for (int t : truth) {
            classes = Math.max(classes, t + 1);
        }
        for (int p : with) {
            classes = Math.max(classes, p + 1);
        }
        for (int p : without) {
            classes = Math.max(classes, p + 1);
        }
        return Classifications.weightedF1(truth, pred, classes);
    }

    private static int[] predict(Classifier classifier, StandardizedCohort data, List<Integer> idx, String hidden) {
        ClassifierSpec spec = classifier.spec();
        int w = spec.featureWidth();
        int k = spec.modalities().size();
        float[] features = new float[idx.size() * w];
        float[] presence = new float[idx.size() * k];
        for (int r = 0; r < idx.size(); r++) {
            for (int j = 0; j < k; j++) {
                String m = spec.modalities().get(j);
                float[] v = m.equals(hidden) ? null : data.row(m, idx.get(r));
                if (v != null) {
                    System.arraycopy(v, 0, features, r * w + spec.offset(j), v.length);
                    presence[r * k + j] = 1;
                }
            }
        }
        return Classifier.argmax(classifier.probabilities(features, presence, idx.size()));
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double std(double[] v) {
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / v.length);
    }
}
