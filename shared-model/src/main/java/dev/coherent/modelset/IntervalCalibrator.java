package dev.coherent.modelset;

import dev.coherent.cohort.Split;
import dev.coherent.diffusion.DiffusionSampler;
import dev.coherent.diffusion.SamplerSettings;
import dev.coherent.linear.LinearGaussian;
import dev.coherent.metrics.ConformalIntervals;
import dev.coherent.metrics.RowSummary;
import dev.coherent.random.Seeds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures the conformal calibration of every scored (target, condition set, method)
 * ({@link IntervalCalibration}, formula in {@link ConformalIntervals}).
 *
 * <p>Each query's patients are those that have its conditions and target, with the conditions
 * alone visible: the calibration is mask-conditional, one table per condition set, since a
 * pattern's spread can be right where another's is not. They are held out from whatever predicts
 * them. A diffusion method is calibrated on the validation patients (split conformal): the
 * denoisers never trained on them, only stopped early on their loss, and the linear models their
 * residual centers come from are refit without them: in {@link #FOLDS} folds of the validation
 * patients, each drawn with the models fit on the training and the other validation patients
 * ({@link LinearFits#linearWithout}), nearly as many as the deployed models saw. The linear method,
 * cheap to refit, is cross-fitted on every training and validation patient ({@link #FOLDS} folds,
 * each predicted by the model fit on the others as the set fits it): many more patients than
 * validation alone, which small cohorts need. The draws are those of {@link SamplerSettings#DEFAULT} in antithetic pairs, as an
 * imputation draws them by default; tables for {@link #DRAWS} draws come from the first draws of
 * each patient.
 */
final class IntervalCalibrator {
    private static final Logger LOG = LoggerFactory.getLogger(IntervalCalibrator.class);
    /** Draw counts a table is measured for; the most is what each patient is sampled with. */
    static final int[] DRAWS = {4, 10, 20};
    /** Fewer patients than this give no calibration (the query's intervals stay raw). */
    static final int MIN_PATIENTS = 10;
    /** At most this many patients per query (a seeded subset), which bounds the cost. */
    static final int MAX_PATIENTS = 500;
    /**
     * Fewest validation patients per query for which the automatic choice calibrates a diffusion
     * method on them: with n, the calibrated coverage can exceed the level by up to 2/(n + 1)
     * ({@link ConformalIntervals}), two points at 100; fewer cross-fit instead.
     */
    static final int SPLIT_PATIENTS = 100;
    /** Folds of the linear method's cross-fitting, and of the diffusion methods' when chosen automatically. */
    static final int FOLDS = 5;

    /** The folds the automatic choice cross-fits the diffusion methods in (0: on the validation patients). */
    static int autoFolds(int fewestValidationPatients) {
        return fewestValidationPatients < SPLIT_PATIENTS ? FOLDS : 0;
    }

    /**
     * The folds to cross-fit the diffusion methods' calibration in: {@code requested}, or for
     * {@link ModelSetTrainer#AUTO_CALIBRATION_FOLDS} as the validation split allows their queries.
     */
    static int folds(int requested, List<ValidationScore> scores, StandardizedCohort data) {
        if (requested != ModelSetTrainer.AUTO_CALIBRATION_FOLDS) {
            return requested;
        }
        int fewest = scores.stream()
                .filter(s -> s.imputationMethod() != ImputationMethod.LINEAR)
                .mapToInt(s -> data.having(Split.VAL, s.modalitiesNeeded()).length)
                .min()
                .orElse(Integer.MAX_VALUE);
        int folds = autoFolds(fewest);
        if (folds > 0) {
            LOG.info(
                    "cross-fitting the intervals' calibration in {} folds: some condition set has only {} validation"
                            + " patients",
                    folds,
                    fewest);
        }
        return folds;
    }

    /** The linear model of a target and condition set fitted on the given patients, as the set fits it; null if too few. */
    @FunctionalInterface
    interface LinearRefit {
        LinearGaussian fit(String target, List<String> conditions, int[] patients);
    }

    /** The set's linear models fitted on its training and validation patients except {@code heldOut}. */
    @FunctionalInterface
    interface LinearWithout {
        List<LinearGaussian> fit(int[] heldOut);
    }

    /** The sampler a fold's patients draw with; {@code null} when it cannot be fit. */
    @FunctionalInterface
    private interface FoldSampler {
        PlanSampler of(int fold, int[] patients);
    }

    private IntervalCalibrator() {}

    /**
     * One row's calibration scores: per {@link #DRAWS} count, every feature's score of each patient,
     * flat [patient][feature].
     */
    record HeldOutScores(int[] patients, double[][] byDraws) {
        /** One table per {@link #DRAWS} count. */
        List<IntervalCalibration> tables() {
            return IntervalCalibrator.tables(byDraws, patients.length, null);
        }

        /** One table per {@link #DRAWS} count, its multipliers times {@code scale[count]}. */
        List<IntervalCalibration> tables(double[] scale) {
            return IntervalCalibrator.tables(byDraws, patients.length, scale);
        }
    }

    /**
     * The set's validation scores with their interval calibration measured on {@code data}:
     * {@code centers} refits the linear models the diffusion methods' residual centers come from,
     * and {@code refit} fits the linear method's folds.
     */
    static List<ValidationScore> calibrate(
            ModelSet set, LinearWithout centers, LinearRefit refit, StandardizedCohort data, long seed) {
        return withTables(set.manifest().validation(), measure(set, centers, refit, data, seed));
    }

    /** The scores with each row's tables from its measured scores (none where {@code null}). */
    static List<ValidationScore> withTables(List<ValidationScore> scores, List<HeldOutScores> measured) {
        List<ValidationScore> out = new ArrayList<>();
        for (int s = 0; s < scores.size(); s++) {
            HeldOutScores m = measured.get(s);
            out.add(scores.get(s).withIntervals(m == null ? List.of() : m.tables()));
        }
        return out;
    }

    /**
     * Each of the set's validation rows' held-out scores, as {@link #calibrate} describes; {@code
     * null} for a row with too few patients.
     */
    static List<HeldOutScores> measure(
            ModelSet set, LinearWithout centers, LinearRefit refit, StandardizedCohort data, long seed) {
        // The validation patients in folds: a fold's draws center on linear models fit without it.
        int[] validation = data.cohort().indices(Split.VAL);
        Seeds.shuffle(validation, new SplittableRandom(Seeds.of(seed, "calibration/validation-folds")));
        Map<Integer, Integer> validationFold = new HashMap<>();
        for (int p = 0; p < validation.length; p++) {
            validationFold.put(validation[p], p % FOLDS);
        }
        PlanSampler[] foldSamplers = new PlanSampler[FOLDS];
        FoldSampler heldOutCenters = (fold, patients) -> {
            if (foldSamplers[fold] == null) {
                int[] held = Arrays.stream(validation)
                        .filter(i -> validationFold.get(i) == fold)
                        .toArray();
                foldSamplers[fold] = set.planSamplerWith(centers.fit(held));
            }
            return foldSamplers[fold];
        };
        List<HeldOutScores> out = new ArrayList<>();
        for (ValidationScore s : set.manifest().validation()) {
            List<String> needed = s.modalitiesNeeded();
            SamplingPlan plan = set.plan(s.target(), s.conditions(), s.imputationMethod());
            int[] idx;
            float[] draws = null;
            if (plan.linear()) {
                int[] all = IntStream.concat(
                                Arrays.stream(data.having(Split.TRAIN, needed)),
                                Arrays.stream(data.having(Split.VAL, needed)))
                        .sorted()
                        .toArray();
                idx = limit(all, seed);
                if (idx.length >= MIN_PATIENTS) {
                    draws = crossFitted(set, refit, plan, data, all, idx, seed);
                }
            } else {
                idx = limit(data.having(Split.VAL, needed), seed);
                if (idx.length >= MIN_PATIENTS) {
                    int[] fold = Arrays.stream(idx).map(validationFold::get).toArray();
                    draws = drawsByFold(idx, fold, heldOutCenters, plan, data, seed);
                }
            }
            out.add(draws == null ? null : new HeldOutScores(idx, scores(draws, plan, data, idx)));
        }
        return out;
    }

    /**
     * The linear plan's draws for the patients {@code idx}, each from the model fit on the other
     * folds of {@code all} (its patients that are not in the fold); {@code null} when a fold leaves
     * too few to fit.
     */
    private static float[] crossFitted(
            ModelSet set,
            LinearRefit refit,
            SamplingPlan plan,
            StandardizedCohort data,
            int[] all,
            int[] idx,
            long seed) {
        int[] order = IntStream.range(0, idx.length).toArray();
        Seeds.shuffle(order, new SplittableRandom(Seeds.of(seed, "calibration/folds")));
        int[] fold = Arrays.stream(order).map(o -> o % FOLDS).toArray();
        FoldSampler refitWithout = (f, patients) -> {
            Set<Integer> held = Arrays.stream(patients).boxed().collect(Collectors.toSet());
            int[] fitted = Arrays.stream(all).filter(i -> !held.contains(i)).toArray();
            LinearGaussian model = refit.fit(plan.target(), plan.conditions(), fitted);
            return model == null ? null : set.planSamplerWith(List.of(model));
        };
        return drawsByFold(idx, fold, refitWithout, plan, data, seed);
    }

    /**
     * The plan's draws for the patients {@code idx} as {@link #draws}, patient {@code idx[k]} drawn
     * with its fold's sampler ({@code fold[k]}); {@code null} when a fold's cannot be fit.
     */
    private static float[] drawsByFold(
            int[] idx, int[] fold, FoldSampler samplers, SamplingPlan plan, StandardizedCohort data, long seed) {
        float[] out = null;
        for (int f = 0; f < FOLDS; f++) {
            int ff = f;
            int[] members =
                    IntStream.range(0, idx.length).filter(k -> fold[k] == ff).toArray();
            if (members.length == 0) {
                continue;
            }
            int[] patients = Arrays.stream(members).map(k -> idx[k]).toArray();
            PlanSampler sampler = samplers.of(f, patients);
            if (sampler == null) {
                return null;
            }
            float[] d = draws(sampler, plan, data, patients, seed);
            int block = d.length / members.length;
            if (out == null) {
                out = new float[idx.length * block];
            }
            for (int m = 0; m < members.length; m++) {
                System.arraycopy(d, m * block, out, members[m] * block, block);
            }
        }
        return out;
    }

    /** {@code DRAWS}' most draws of the plan per patient of {@code idx}, flat [patient][draw][feature]. */
    static float[] draws(PlanSampler sampler, SamplingPlan plan, StandardizedCohort data, int[] idx, long seed) {
        int n = idx.length;
        int most = DRAWS[DRAWS.length - 1];
        List<Map<String, float[]>> rows = new ArrayList<>(n * most);
        long[] seeds = new long[n * most];
        float[] signs = new float[n * most];
        for (int i = 0; i < n; i++) {
            Map<String, float[]> row = new LinkedHashMap<>();
            for (String c : plan.conditions()) {
                row.put(c, data.row(c, idx[i]));
            }
            for (int d = 0; d < most; d++) {
                rows.add(row);
                seeds[i * most + d] = Seeds.draw(seed, "calibration/" + idx[i], plan.target(), d, true);
                signs[i * most + d] = Seeds.drawSign(d, true);
            }
        }
        DiffusionSampler.Samples s = sampler.sample(plan, rows, seeds, signs, SamplerSettings.DEFAULT);
        return s.values();
    }

    /**
     * One table per {@link #DRAWS} count from each count's pooled scores of {@code n} patients, its
     * multipliers scaled by {@code scale} where given.
     */
    private static List<IntervalCalibration> tables(double[][] scores, int n, double[] scale) {
        List<IntervalCalibration> out = new ArrayList<>();
        for (int k = 0; k < DRAWS.length; k++) {
            double[] levels = ConformalIntervals.LEVELS.clone();
            double[] q = ConformalIntervals.multipliers(scores[k], n, levels);
            if (scale != null) {
                for (int l = 0; l < q.length; l++) {
                    q[l] *= scale[k];
                }
            }
            out.add(new IntervalCalibration(DRAWS[k], n, levels, roundUp(q)));
        }
        return out;
    }

    /** Per {@link #DRAWS} count, every feature's score of the patients {@code idx} from their draws. */
    static double[][] scores(float[] values, SamplingPlan plan, StandardizedCohort data, int[] idx) {
        int n = idx.length;
        int most = DRAWS[DRAWS.length - 1];
        int dim = values.length / (n * most);
        double[][] out = new double[DRAWS.length][];
        for (int k = 0; k < DRAWS.length; k++) {
            int draws = DRAWS[k];
            double[] scores = new double[n * dim];
            float[][] mine = new float[draws][dim];
            for (int i = 0; i < n; i++) {
                for (int d = 0; d < draws; d++) {
                    System.arraycopy(values, (i * most + d) * dim, mine[d], 0, dim);
                }
                RowSummary summary = RowSummary.of(mine, 0.5);
                float[] truth = data.row(plan.target(), idx[i]);
                for (int j = 0; j < dim; j++) {
                    scores[i * dim + j] = ConformalIntervals.score(truth[j], summary.mean()[j], summary.std()[j]);
                }
            }
            out[k] = scores;
        }
        return out;
    }

    /** At most {@link #MAX_PATIENTS} of the patients: a seeded random subset, in cohort order. */
    private static int[] limit(int[] idx, long seed) {
        return limit(idx, seed, MAX_PATIENTS);
    }

    /** At most {@code max} of the patients: a seeded random subset, in cohort order. */
    static int[] limit(int[] idx, long seed, int max) {
        if (idx.length <= max) {
            return idx;
        }
        int[] copy = idx.clone();
        Seeds.shuffle(copy, new SplittableRandom(seed));
        int[] chosen = Arrays.copyOf(copy, max);
        Arrays.sort(chosen);
        return chosen;
    }

    /** Four decimals, rounded up (the safe side), keep the manifest readable. */
    private static double[] roundUp(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.ceil(v[i] * 1e4) / 1e4;
        }
        return out;
    }
}
