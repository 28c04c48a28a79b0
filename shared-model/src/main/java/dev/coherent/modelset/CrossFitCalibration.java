package dev.coherent.modelset;

import dev.coherent.cohort.Cohort;
import dev.coherent.cohort.Split;
import dev.coherent.diffusion.TrainingListener;
import dev.coherent.random.Seeds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Cross-fitted calibration of the diffusion methods' intervals, for cohorts whose validation split
 * is too small to calibrate on (a few dozen patients per condition set leave the intervals wide by up
 * to 2/(n + 1) and noisy).
 *
 * <p>The training and validation patients are cut into k folds; for each fold a whole set is trained
 * on the others (split into training and validation as the cohort is) and draws for the fold's
 * patients, which it never saw. Their scores, pooled over the folds, give each (target, condition
 * set, diffusion method) its tables as {@link IntervalCalibrator} would from validation patients. The
 * fold sets saw (k − 1)/k of the patients, so the deployed set is at least as good and its intervals
 * err on the wide side; the guarantee is the cross-conformal one, approximate where split conformal's
 * is exact. Costs k more trainings; the linear method is cross-fitted anyway.
 */
final class CrossFitCalibration {
    private CrossFitCalibration() {}

    /**
     * The scores with the diffusion methods' tables replaced by cross-fitted ones (where the folds
     * give at least {@link IntervalCalibrator#MIN_PATIENTS} patients).
     *
     * @param foldTrainer trains a fold's set (without interval calibration)
     * @param cohort the set's cohort, with its splits
     */
    static List<ValidationScore> calibrate(
            ModelSetTrainer foldTrainer,
            int folds,
            Cohort cohort,
            List<ValidationScore> scores,
            TrainingListener listener,
            boolean codes,
            long seed) {
        int[] pool = IntStream.concat(
                        Arrays.stream(cohort.indices(Split.TRAIN)), Arrays.stream(cohort.indices(Split.VAL)))
                .toArray();
        Seeds.shuffle(pool, new SplittableRandom(Seeds.of(seed, "calibration/cross-fit")));
        List<List<double[][]>> pooled = new ArrayList<>();
        int[] patients = new int[scores.size()];
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
                    pooled.get(s).add(IntervalCalibrator.scores(draws, plan, data, idx));
                    patients[s] += idx.length;
                }
            }
        }
        List<ValidationScore> out = new ArrayList<>();
        for (int s = 0; s < scores.size(); s++) {
            ValidationScore score = scores.get(s);
            if (score.imputationMethod() == ImputationMethod.LINEAR || patients[s] < IntervalCalibrator.MIN_PATIENTS) {
                out.add(score);
                continue;
            }
            double[][] all = new double[IntervalCalibrator.DRAWS.length][];
            for (int k = 0; k < all.length; k++) {
                int kk = k;
                all[k] = pooled.get(s).stream()
                        .flatMapToDouble(a -> Arrays.stream(a[kk]))
                        .toArray();
            }
            out.add(score.withIntervals(IntervalCalibrator.tables(all, patients[s])));
        }
        return out;
    }
}
