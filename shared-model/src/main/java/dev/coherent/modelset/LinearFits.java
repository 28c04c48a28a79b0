package dev.coherent.modelset;

import dev.coherent.cohort.Split;
import dev.coherent.linear.FactorModel;
import dev.coherent.linear.LinearGaussian;
import dev.coherent.linear.RidgeRegression;
import dev.coherent.metrics.Moments;
import dev.coherent.random.Seeds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a model set fits its linear-Gaussian models, one home for training, calibration and
 * {@code coherent calibrate}: which patients, which ridge penalty scales, which seeds.
 */
final class LinearFits {
    private static final Logger LOG = LoggerFactory.getLogger(LinearFits.class);

    private LinearFits() {}

    /**
     * The linear models refit on the training and validation patients except {@code heldOut}, for
     * which they are then held out: the deployed ones saw every validation patient, whose residuals
     * (and the centers of residual denoisers) would otherwise be in-sample and calibrate the
     * intervals too narrow. Calibration holds out a fold of the validation patients at a time, so
     * the centers it measures come from nearly as many patients as the deployed ones.
     */
    static List<LinearGaussian> linearWithout(
            ModelSet set, StandardizedCohort data, int[] heldOut, boolean codes, long seed) {
        Set<Integer> held = Arrays.stream(heldOut).boxed().collect(Collectors.toSet());
        return fitLinear(set.modalities(), data, codes, seed, i -> !held.contains(i), Split.TRAIN, Split.VAL).stream()
                .map(LinearGaussian.Fitted::model)
                .toList();
    }

    /**
     * One linear-Gaussian model per target and condition set, the empty set included, on the
     * patients of {@code splits} (training and validation for the set) that have them all; sets with too few such patients get
     * none. Its validation score is then partly in-sample, which can only favour the linear model
     * in {@code auto}'s choice (the safe side; residual denoisers share the same centers). Every
     * condition modality enters the ridge penalty with the same total variance, so that none
     * dominates by its width; within a modality, codes keep their own variance ({@code codes}) or
     * weigh the same. Codes' penalty is also chosen on their error weighted by their variance, i.e.
     * on the error of the features they encode. Where the cohort gives its patients' cancer types,
     * a model may mix them ({@link LinearGaussian#fit(String, List, float[][], float[][], String[],
     * double[], double[], long)}).
     */
    static List<LinearGaussian.Fitted> fitLinear(
            List<String> modalities, StandardizedCohort data, boolean codes, long seed, Split... splits) {
        return fitLinear(modalities, data, codes, seed, i -> true, splits);
    }

    /** {@link #fitLinear(List, StandardizedCohort, boolean, long, Split...)} on the patients {@code keep} accepts. */
    private static List<LinearGaussian.Fitted> fitLinear(
            List<String> modalities,
            StandardizedCohort data,
            boolean codes,
            long seed,
            IntPredicate keep,
            Split... splits) {
        Map<String, double[]> scales = penaltyScales(modalities, data, codes);
        List<LinearGaussian.Fitted> out = new ArrayList<>();
        for (String target : modalities) {
            List<String> others =
                    modalities.stream().filter(m -> !m.equals(target)).toList();
            List<List<String>> sets = new ArrayList<>();
            sets.add(List.of());
            sets.addAll(Subsets.nonEmpty(others));
            for (List<String> conditions : sets) {
                // For the set, every patient that is not held out for testing: the penalty is chosen by
                // cross-validation inside them, and at 100-200 patients the validation share is worth its rows.
                int[] idx = Arrays.stream(rows(data, target, conditions, splits))
                        .filter(keep)
                        .toArray();
                if (idx.length < RidgeRegression.MIN_ROWS) {
                    LOG.warn(
                            "no linear model of {} from {}: {} patients of {} have them all",
                            target,
                            conditions,
                            idx.length,
                            Arrays.toString(splits));
                    continue;
                }
                out.add(fitLinear(target, conditions, data, idx, scales, codes, seed));
            }
        }
        return out;
    }

    /**
     * The factor model the out-of-distribution score tests disagreement with, and its thresholds;
     * {@code null} and none where some modality has too few patients.
     */
    record Disagreement(FactorModel model, List<OutOfDistributionEntry> thresholds) {}

    /** Folds of the patients whose factor models, fitted without them, give the thresholds' statistics. */
    static final int DISAGREEMENT_FOLDS = 5;
    /** Patients each modality needs for a factor model. */
    static final int MIN_DISAGREEMENT_PATIENTS = 20;

    /**
     * The factor model of every modality on the patients of {@code splits} ({@link FactorModel}:
     * each patient with the modalities it has), and per set of two or more modalities that enough
     * of them all have, the out-of-distribution threshold of such patients ({@link
     * OutOfDistributionEntry}): the statistic of each patient comes from the model fitted without
     * its fold, as a new patient's would.
     */
    static Disagreement disagreement(List<String> modalities, StandardizedCohort data, long seed, Split... splits) {
        int[] patients = patientsWithAny(modalities, data, splits);
        for (String m : modalities) {
            long having =
                    Arrays.stream(patients).filter(i -> data.present(m, i)).count();
            if (having < MIN_DISAGREEMENT_PATIENTS) {
                // Too few to fit its loadings in every fold: the score falls back to each modality's distance.
                LOG.warn("no out-of-distribution factor model: {} of {} patients have {}", having, patients.length, m);
                return new Disagreement(null, List.of());
            }
        }
        try {
            return fitDisagreement(modalities, blocks(modalities, data, patients), seed);
        } catch (IllegalStateException e) {
            LOG.warn("no out-of-distribution factor model: {}", e.getMessage());
            return new Disagreement(null, List.of());
        }
    }

    private static Disagreement fitDisagreement(List<String> modalities, float[][][] blocks, long seed) {
        int rank = FactorModel.chooseRank(modalities, blocks, Seeds.of(seed, "disagreement/rank"));
        FactorModel model = FactorModel.fit(modalities, blocks, rank);
        LOG.info("factor model of {} on {} patients: rank {}", modalities, blocks.length, rank);
        int[] order = IntStream.range(0, blocks.length).toArray();
        Seeds.shuffle(order, new SplittableRandom(Seeds.of(seed, "disagreement/folds")));
        Map<List<String>, List<Double>> largest = new LinkedHashMap<>();
        for (int fold = 0; fold < DISAGREEMENT_FOLDS; fold++) {
            List<float[][]> fitOn = new ArrayList<>();
            List<float[][]> heldOut = new ArrayList<>();
            for (int k = 0; k < order.length; k++) {
                (k % DISAGREEMENT_FOLDS == fold ? heldOut : fitOn).add(blocks[order[k]]);
            }
            FactorModel without = FactorModel.fit(modalities, fitOn.toArray(float[][][]::new), rank);
            for (float[][] patient : heldOut) {
                addLargestLogRatios(without, vectors(modalities, patient), largest);
            }
        }
        return new Disagreement(model, thresholds(modalities, largest));
    }

    /** The patients of {@code splits} with at least one of the modalities. */
    static int[] patientsWithAny(List<String> modalities, StandardizedCohort data, Split... splits) {
        return Arrays.stream(splits)
                .flatMapToInt(sp -> Arrays.stream(data.cohort().indices(sp)))
                .filter(i -> modalities.stream().anyMatch(m -> data.present(m, i)))
                .toArray();
    }

    /** Per patient, each modality's standardized vector ({@code null} where absent), in {@code modalities}' order. */
    static float[][][] blocks(List<String> modalities, StandardizedCohort data, int[] patients) {
        float[][][] blocks = new float[patients.length][][];
        for (int r = 0; r < patients.length; r++) {
            int i = patients[r];
            blocks[r] = modalities.stream()
                    .map(m -> data.present(m, i) ? data.row(m, i) : null)
                    .toArray(float[][]::new);
        }
        return blocks;
    }

    /** One patient's present modalities by name. */
    static Map<String, float[]> vectors(List<String> modalities, float[][] patient) {
        Map<String, float[]> vectors = new LinkedHashMap<>();
        for (int b = 0; b < modalities.size(); b++) {
            if (patient[b] != null) {
                vectors.put(modalities.get(b), patient[b]);
            }
        }
        return vectors;
    }

    /**
     * Adds a held-out patient's statistic, {@link FactorModel#largestLogRatio}, under every set of
     * two or more of its modalities (the requests it could send).
     */
    static void addLargestLogRatios(
            FactorModel model, Map<String, float[]> vectors, Map<List<String>, List<Double>> largest) {
        for (List<String> provided : Subsets.nonEmpty(List.copyOf(vectors.keySet()))) {
            if (provided.size() >= 2) {
                largest.computeIfAbsent(provided, p -> new ArrayList<>()).add(model.largestLogRatio(provided, vectors));
            }
        }
    }

    /** The thresholds of the held-out statistics per set of provided modalities, where there are enough. */
    static List<OutOfDistributionEntry> thresholds(List<String> modalities, Map<List<String>, List<Double>> largest) {
        List<OutOfDistributionEntry> thresholds = new ArrayList<>();
        for (List<String> provided : Subsets.nonEmpty(modalities)) {
            List<Double> values = largest.get(provided);
            if (values == null || values.size() < RidgeRegression.MIN_ROWS) {
                continue;
            }
            double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
            double median = Moments.median(v);
            double percentile99 = Moments.upperQuantile(v, LinearGaussian.DISTANCE_QUANTILE);
            if (percentile99 > median) {
                thresholds.add(new OutOfDistributionEntry(provided, v.length, median, percentile99));
            }
        }
        return thresholds;
    }

    /** The patients of {@code splits} that have the target and every condition, in the order models are fitted on. */
    private static int[] rows(StandardizedCohort data, String target, List<String> conditions, Split... splits) {
        List<String> needed = new ArrayList<>(conditions);
        needed.add(target);
        return Arrays.stream(splits)
                .flatMapToInt(sp -> Arrays.stream(data.having(sp, needed)))
                .toArray();
    }

    /**
     * The linear model of one target and condition set on the patients {@code idx}, as the set fits
     * it ({@link #fitLinear(List, StandardizedCohort, boolean, long, Split...)}); {@code null} when
     * they are too few.
     */
    static LinearGaussian linearOn(
            String target, List<String> conditions, StandardizedCohort data, int[] idx, boolean codes, long seed) {
        if (idx.length < RidgeRegression.MIN_ROWS) {
            return null;
        }
        return fitLinear(
                        target,
                        conditions,
                        data,
                        idx,
                        penaltyScales(List.copyOf(data.scalers().keySet()), data, codes),
                        codes,
                        seed)
                .model();
    }

    private static LinearGaussian.Fitted fitLinear(
            String target,
            List<String> conditions,
            StandardizedCohort data,
            int[] idx,
            Map<String, double[]> scales,
            boolean codes,
            long seed) {
        float[][] x = new float[idx.length][];
        float[][] y = new float[idx.length][];
        String[] groups = new String[idx.length];
        for (int r = 0; r < idx.length; r++) {
            x[r] = data.concatenated(conditions, idx[r]);
            y[r] = data.row(target, idx[r]);
            groups[r] = data.cohort().sample(idx[r]).cancerType();
        }
        double[] inputScales = conditions.stream()
                .map(scales::get)
                .flatMapToDouble(Arrays::stream)
                .toArray();
        return LinearGaussian.fit(
                target,
                conditions,
                x,
                y,
                groups,
                inputScales,
                codes ? scales.get(target) : null,
                Seeds.of(seed, "linear/" + target + "/" + conditions));
    }

    /** Per modality, the ridge penalty's scale of each input feature (see {@link #fitLinear}). */
    private static Map<String, double[]> penaltyScales(
            List<String> modalities, StandardizedCohort data, boolean codes) {
        Map<String, double[]> scales = new LinkedHashMap<>();
        for (String m : modalities) {
            double[] std = data.scalers().get(m).std();
            double[] w = new double[std.length];
            double total = 0;
            for (int j = 0; j < w.length; j++) {
                w[j] = codes ? std[j] : 1;
                total += w[j] * w[j];
            }
            for (int j = 0; j < w.length; j++) {
                w[j] /= Math.sqrt(total);
            }
            scales.put(m, w);
        }
        return scales;
    }
}
