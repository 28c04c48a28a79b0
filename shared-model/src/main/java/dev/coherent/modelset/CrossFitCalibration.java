package dev.coherent.modelset;

import dev.coherent.cohort.Cohort;
import dev.coherent.cohort.Split;
import dev.coherent.diffusion.TrainingListener;
import dev.coherent.metrics.ConformalIntervals;
import dev.coherent.metrics.Moments;
import dev.coherent.random.Seeds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cross-fitted calibration of the diffusion methods' intervals, for cohorts whose validation split
 * is too small to calibrate on (a few dozen patients per condition set leave the intervals wide by up
 * to 2/(n + 1) and noisy).
 *
 * <p>The training and validation patients are cut into k folds; for each fold a whole set is trained
 * on the others (split into training and validation as the cohort is) and draws for the fold's
 * patients, which it never saw. Their scores, pooled over the folds, give each (target, condition
 * set, diffusion method) its tables as {@link IntervalCalibrator} would from validation patients.
 *
 * <p>The fold sets are not the deployed set: each trained set has its own spread (at 1,000 patients
 * the ratio below ranges 0.8-1.15 between rows), and a fold set trains on (k − 1)/k of the training
 * patients. Both score the validation patients, with the same noise seeds, and the ratio of their
 * scores rescales the pooled scores' multipliers to the deployed set's ({@link #deployedScale}).
 * The ratio is one number per row (and draw count), averaged over the central levels 50-95%: on a
 * 1,000-patient cohort, where a 3-condition set has about 15 validation patients, a ratio per level
 * followed each level's noise (rows 2-3 points off at 50%), the medians' ratio alone missed the
 * tails at 80-90%, and the average held every row within 2 points at 50, 80, 90 and 95% on two
 * subsamples (docs/results/calibration.md). The pooled scores give the multipliers, which a few
 * dozen validation patients alone cannot (their finite-sample correction); the ratio only moves
 * them. The guarantee is the cross-conformal one, approximate where split conformal's is exact.
 * Costs k more trainings; the linear method is cross-fitted anyway.
 */
final class CrossFitCalibration {
    private static final Logger LOG = LoggerFactory.getLogger(CrossFitCalibration.class);

    /**
     * The levels whose quantile ratios give the scale: the central intervals users read, 50% to 95%.
     * Above, a few dozen validation patients leave a handful of scores each (all 21 table levels:
     * rows up to 3 points off at 80%).
     */
    static final double[] RATIO_LEVELS = Arrays.stream(ConformalIntervals.LEVELS)
            .filter(level -> level >= 0.5 && level <= 0.95)
            .toArray();

    private CrossFitCalibration() {}

    /**
     * The scores with the diffusion methods' tables replaced by cross-fitted ones (where the folds
     * give at least {@link IntervalCalibrator#MIN_PATIENTS} patients).
     *
     * @param foldTrainer trains a fold's set (without interval calibration)
     * @param cohort the set's cohort, with its splits
     * @param deployed the deployed set's scores of its validation patients, per row of {@code scores}
     *     ({@link IntervalCalibrator#measure}; {@code null} where too few)
     */
    static List<ValidationScore> calibrate(
            ModelSetTrainer foldTrainer,
            int folds,
            Cohort cohort,
            List<ValidationScore> scores,
            List<IntervalCalibrator.HeldOutScores> deployed,
            TrainingListener listener,
            boolean codes,
            long seed) {
        int[] pool = IntStream.concat(
                        Arrays.stream(cohort.indices(Split.TRAIN)), Arrays.stream(cohort.indices(Split.VAL)))
                .toArray();
        Seeds.shuffle(pool, new SplittableRandom(Seeds.of(seed, "calibration/cross-fit")));
        List<List<IntervalCalibrator.HeldOutScores>> pooled = new ArrayList<>();
        for (int s = 0; s < scores.size(); s++) {
            pooled.add(new ArrayList<>());
        }
        int perFold = (IntervalCalibrator.MAX_PATIENTS + folds - 1) / folds;
        for (int f = 0; f < folds; f++) {
            Split[] splits = new Split[cohort.size()];
            for (int i = 0; i < splits.length; i++) {
                splits[i] = cohort.sample(i).split();
            }
            Set<Integer> held = new HashSet<>();
            for (int p = f; p < pool.length; p += folds) {
                splits[pool[p]] = Split.TEST;
                held.add(pool[p]);
            }
            Cohort fold = cohort.withSplits(splits);
            ModelSetTrainer.TrainedModelSet trained = foldTrainer.train(fold, listener, codes, false);
            try (ModelSet set = ModelSet.inMemory(trained)) {
                StandardizedCohort data = StandardizedCohort.of(set, fold);
                for (int s = 0; s < scores.size(); s++) {
                    ValidationScore score = scores.get(s);
                    if (score.imputationMethod() == ImputationMethod.LINEAR) {
                        continue;
                    }
                    List<String> needed = score.modalitiesNeeded();
                    int[] idx = IntervalCalibrator.limit(
                            Arrays.stream(data.having(Split.TEST, needed))
                                    .filter(held::contains)
                                    .toArray(),
                            seed,
                            perFold);
                    if (idx.length == 0
                            || !set.availableMethods(score.target(), score.conditions())
                                    .contains(score.imputationMethod())) {
                        continue;
                    }
                    SamplingPlan plan = set.plan(score.target(), score.conditions(), score.imputationMethod());
                    float[] draws = IntervalCalibrator.draws(set.planSampler(), plan, data, idx, seed);
                    pooled.get(s)
                            .add(new IntervalCalibrator.HeldOutScores(
                                    idx, IntervalCalibrator.scores(draws, plan, data, idx)));
                }
            }
        }
        List<IntervalCalibrator.HeldOutScores> all =
                pooled.stream().map(CrossFitCalibration::concat).toList();
        // The rows whose ratio is measured together: those drawn by the same denoiser. A masked
        // multi-condition denoiser serves every condition set of its target; the others, one each.
        String[] denoiser = new String[scores.size()];
        Map<String, List<Integer>> rowsOf = new LinkedHashMap<>();
        for (int s = 0; s < scores.size(); s++) {
            ValidationScore score = scores.get(s);
            denoiser[s] = score.imputationMethod() == ImputationMethod.MULTI ? "multi " + score.target() : "row " + s;
            rowsOf.computeIfAbsent(denoiser[s], k -> new ArrayList<>()).add(s);
        }
        Map<String, double[]> scaleOf = new HashMap<>();
        List<ValidationScore> out = new ArrayList<>();
        for (int s = 0; s < scores.size(); s++) {
            ValidationScore score = scores.get(s);
            if (score.imputationMethod() == ImputationMethod.LINEAR
                    || all.get(s).patients().length < IntervalCalibrator.MIN_PATIENTS) {
                out.add(score);
                continue;
            }
            double[] scale = scaleOf.computeIfAbsent(
                    denoiser[s],
                    d -> deployedScale(
                            rowsOf.get(d).stream().map(deployed::get).toList(),
                            rowsOf.get(d).stream().map(all::get).toList()));
            LOG.info(
                    "cross-fitted calibration of {} from {} by {}: {} patients, multipliers scaled by {} ({} draws)",
                    score.target(),
                    score.conditions(),
                    score.imputationMethod(),
                    all.get(s).patients().length,
                    String.format(Locale.ROOT, "%.3f", scale[scale.length - 1]),
                    IntervalCalibrator.DRAWS[scale.length - 1]);
            out.add(score.withIntervals(all.get(s).tables(scale)));
        }
        return out;
    }

    /**
     * Per draw count, the deployed set's scale relative to the fold sets': the geometric mean, over
     * {@link #RATIO_LEVELS}, of the ratio of the deployed set's score quantile at that level to the
     * fold sets', over the rows given (paired lists) and in each row the validation patients both
     * scored; 1 when fewer than {@link IntervalCalibrator#MIN_PATIENTS} in all. The two draw with the
     * same seeds for a patient, so the ratio measures the models, not the noise.
     */
    static double[] deployedScale(
            List<IntervalCalibrator.HeldOutScores> deployed, List<IntervalCalibrator.HeldOutScores> folds) {
        double[] out = new double[IntervalCalibrator.DRAWS.length];
        Arrays.fill(out, 1);
        List<double[][]> mine = new ArrayList<>();
        List<double[][]> theirs = new ArrayList<>();
        int patients = 0;
        for (int r = 0; r < deployed.size(); r++) {
            IntervalCalibrator.HeldOutScores d = deployed.get(r);
            IntervalCalibrator.HeldOutScores f = folds.get(r);
            if (d == null || f.patients().length == 0) {
                continue;
            }
            Map<Integer, Integer> foldRow = new HashMap<>();
            for (int i = 0; i < f.patients().length; i++) {
                foldRow.put(f.patients()[i], i);
            }
            int[] both = IntStream.range(0, d.patients().length)
                    .filter(i -> foldRow.containsKey(d.patients()[i]))
                    .toArray();
            int dim = f.byDraws()[0].length / f.patients().length;
            double[][] m = new double[out.length][both.length * dim];
            double[][] t = new double[out.length][both.length * dim];
            for (int k = 0; k < out.length; k++) {
                for (int p = 0; p < both.length; p++) {
                    System.arraycopy(d.byDraws()[k], both[p] * dim, m[k], p * dim, dim);
                    System.arraycopy(f.byDraws()[k], foldRow.get(d.patients()[both[p]]) * dim, t[k], p * dim, dim);
                }
            }
            mine.add(m);
            theirs.add(t);
            patients += both.length;
        }
        if (patients < IntervalCalibrator.MIN_PATIENTS) {
            return out;
        }
        for (int k = 0; k < out.length; k++) {
            int kk = k;
            double[] ours =
                    mine.stream().flatMapToDouble(a -> Arrays.stream(a[kk])).toArray();
            double[] fold =
                    theirs.stream().flatMapToDouble(a -> Arrays.stream(a[kk])).toArray();
            double[] deployedQuantiles = Moments.quantiles(ours, RATIO_LEVELS);
            double[] foldQuantiles = Moments.quantiles(fold, RATIO_LEVELS);
            double logs = 0;
            int levels = 0;
            for (int l = 0; l < RATIO_LEVELS.length; l++) {
                if (deployedQuantiles[l] > 0 && foldQuantiles[l] > 0) {
                    logs += Math.log(deployedQuantiles[l] / foldQuantiles[l]);
                    levels++;
                }
            }
            out[k] = levels == 0 ? 1 : Math.exp(logs / levels);
        }
        return out;
    }

    private static IntervalCalibrator.HeldOutScores concat(List<IntervalCalibrator.HeldOutScores> folds) {
        int[] patients =
                folds.stream().flatMapToInt(f -> Arrays.stream(f.patients())).toArray();
        double[][] byDraws = new double[IntervalCalibrator.DRAWS.length][];
        for (int k = 0; k < byDraws.length; k++) {
            int kk = k;
            byDraws[k] = folds.stream()
                    .flatMapToDouble(f -> Arrays.stream(f.byDraws()[kk]))
                    .toArray();
        }
        return new IntervalCalibrator.HeldOutScores(patients, byDraws);
    }
}
