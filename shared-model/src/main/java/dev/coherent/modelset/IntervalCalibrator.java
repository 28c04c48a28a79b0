package dev.coherent.modelset;

import dev.coherent.cohort.Split;
import dev.coherent.diffusion.DiffusionSampler;
import dev.coherent.diffusion.SamplerSettings;
import dev.coherent.diffusion.Seeds;
import dev.coherent.linear.LinearGaussian;
import dev.coherent.metrics.ConformalIntervals;
import dev.coherent.metrics.RowSummary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Measures the conformal calibration of every scored (target, condition set, method) on the
 * validation patients ({@link IntervalCalibration}, formula in {@link ConformalIntervals}).
 *
 * <p>Each query's patients are the validation patients that have its conditions and target, with
 * the conditions alone visible: the calibration is mask-conditional, one table per condition set,
 * since a pattern's spread can be right where another's is not. They are held out from everything
 * that predicts them: the linear models are refit on the training patients for this
 * ({@link ModelSetTrainer#heldOutLinear}); the denoisers never trained on them, only stopped early
 * on their loss. The draws are those of {@link SamplerSettings#DEFAULT} in antithetic pairs, as an
 * imputation draws them by default; tables for {@link #DRAWS} draws come from the first draws of
 * each patient.
 */
final class IntervalCalibrator {
    /** Draw counts a table is measured for; the most is what each patient is sampled with. */
    static final int[] DRAWS = {4, 10, 20};
    /** Fewer validation patients than this give no calibration (the query's intervals stay raw). */
    static final int MIN_PATIENTS = 10;
    /** At most this many validation patients per query (a seeded subset), which bounds the cost. */
    static final int MAX_PATIENTS = 500;

    private IntervalCalibrator() {}

    /**
     * The set's validation scores with their interval calibration measured on {@code data}'s
     * validation patients; {@code heldOutLinear} replaces the set's linear models while drawing.
     */
    static List<ValidationScore> calibrate(ModelSet set, List<LinearGaussian> heldOutLinear, StandardizedCohort data,
            long seed) {
        PlanSampler sampler = set.planSamplerWith(heldOutLinear);
        List<ValidationScore> out = new ArrayList<>();
        for (ValidationScore s : set.manifest().validation()) {
            List<String> needed = new ArrayList<>(s.conditions());
            needed.add(s.target());
            int[] idx = limit(data.having(Split.VAL, needed), seed);
            if (idx.length < MIN_PATIENTS) {
                out.add(s.withIntervals(List.of()));
                continue;
            }
            SamplingPlan plan = set.plan(s.target(), s.conditions(), s.imputationMethod());
            out.add(s.withIntervals(tables(sampler, plan, data, idx, seed)));
        }
        return out;
    }

    /** One table per {@link #DRAWS} count for one plan on the patients {@code idx}. */
    private static List<IntervalCalibration> tables(PlanSampler sampler, SamplingPlan plan, StandardizedCohort data,
            int[] idx, long seed) {
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
        int dim = s.dim();
        List<IntervalCalibration> out = new ArrayList<>();
        for (int draws : DRAWS) {
            double[] scores = new double[n * dim];
            float[][] mine = new float[draws][dim];
            for (int i = 0; i < n; i++) {
                for (int d = 0; d < draws; d++) {
                    System.arraycopy(s.values(), (i * most + d) * dim, mine[d], 0, dim);
                }
                RowSummary summary = RowSummary.of(mine, 0.5);
                float[] truth = data.row(plan.target(), idx[i]);
                for (int j = 0; j < dim; j++) {
                    scores[i * dim + j] = ConformalIntervals.score(truth[j], summary.mean()[j], summary.std()[j]);
                }
            }
            double[] levels = ConformalIntervals.LEVELS.clone();
            out.add(new IntervalCalibration(draws, n, levels, round(ConformalIntervals.multipliers(scores, n, levels))));
        }
        return out;
    }

    /** At most {@link #MAX_PATIENTS} of the patients: a seeded random subset, in cohort order. */
    private static int[] limit(int[] idx, long seed) {
        if (idx.length <= MAX_PATIENTS) {
            return idx;
        }
        int[] copy = idx.clone();
        Seeds.shuffle(copy, new SplittableRandom(seed));
        int[] chosen = Arrays.copyOf(copy, MAX_PATIENTS);
        Arrays.sort(chosen);
        return chosen;
    }

    /** Four decimals, rounded up (the safe side), keep the manifest readable. */
    private static double[] round(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.ceil(v[i] * 1e4) / 1e4;
        }
        return out;
    }
}
