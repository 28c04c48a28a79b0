package dev.coherent.modelset;

import dev.coherent.cohort.Split;
import dev.coherent.diffusion.DiffusionSampler;
import dev.coherent.diffusion.SamplerSettings;
import dev.coherent.diffusion.TrainingConfig;
import dev.coherent.linear.LinearGaussian;
import dev.coherent.random.Seeds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Scores a trained set's methods on the validation patients, which {@code auto} chooses among. */
final class ValidationScoring {
    /** Draws per validation patient when scoring methods for {@code auto}. */
    static final int VALIDATION_DRAWS = 4;

    private final TrainingConfig config;

    ValidationScoring(TrainingConfig config) {
        this.config = config;
    }

    /**
     * Scores every available method for every target and non-empty condition set on the validation
     * patients, and marks the one {@code auto} uses ({@link MethodChoice}). A diffusion method's
     * score is its posterior mean's error estimated from {@link #VALIDATION_DRAWS} draws with the
     * training config's validation sampler; each diffusion method's x̂₀ error is measured too, for
     * the analytic variance.
     */
    List<ValidationScore> scores(ModelSet set, StandardizedCohort data) {
        List<ValidationScore> out = new ArrayList<>();
        SamplerSettings settings = config.validationSampler();
        for (String target : set.modalities()) {
            List<String> others =
                    set.modalities().stream().filter(m -> !m.equals(target)).toList();
            for (List<String> conditions : Subsets.nonEmpty(others)) {
                List<String> needed = new ArrayList<>(conditions);
                needed.add(target);
                int[] idx = data.having(Split.VAL, needed);
                if (idx.length == 0) {
                    continue;
                }
                List<ValidationScore> scores = new ArrayList<>();
                Map<ImputationMethod, double[]> errors = new LinkedHashMap<>();
                for (ImputationMethod method : set.availableMethods(target, conditions)) {
                    SamplingPlan plan = set.plan(target, conditions, method);
                    double[] perPatient = posteriorMeanErrors(set, plan, data, idx, settings);
                    errors.put(method, perPatient);
                    scores.add(new ValidationScore(
                            target,
                            conditions,
                            plan.method(),
                            MethodChoice.mean(perPatient),
                            plan.linear() ? null : ModelSetCalibration.x0Error(set, plan, data, idx, config.seed())));
                }
                ImputationMethod chosen = MethodChoice.choose(errors);
                scores.forEach(sc -> out.add(sc.withChosen(sc.imputationMethod() == chosen)));
            }
        }
        return out;
    }

    /**
     * Per validation patient, the squared error of the plan's posterior mean per feature: exact for
     * the linear model; for a diffusion plan, from {@link #VALIDATION_DRAWS} draws, the error of their mean less the Monte Carlo part (each
     * feature's draw variance over the number of draws), an unbiased estimate.
     */
    private double[] posteriorMeanErrors(
            ModelSet set, SamplingPlan plan, StandardizedCohort data, int[] idx, SamplerSettings settings) {
        double[] out = new double[idx.length];
        if (plan.linear()) {
            LinearGaussian model = set.linearModel(plan);
            for (int r = 0; r < idx.length; r++) {
                float[] mean = model.mean(data.concatenated(plan.conditions(), idx[r]));
                float[] truth = data.row(plan.target(), idx[r]);
                for (int j = 0; j < mean.length; j++) {
                    out[r] += (mean[j] - truth[j]) * (mean[j] - truth[j]) / mean.length;
                }
            }
            return out;
        }
        int draws = VALIDATION_DRAWS;
        List<Map<String, float[]>> rows = new ArrayList<>();
        long[] seeds = new long[idx.length * draws];
        for (int r = 0; r < idx.length; r++) {
            Map<String, float[]> row = new LinkedHashMap<>();
            for (String c : plan.conditions()) {
                row.put(c, data.row(c, idx[r]));
            }
            for (int d = 0; d < draws; d++) {
                rows.add(row);
                seeds[r * draws + d] = Seeds.mix(config.seed(), r * 1000L + d);
            }
        }
        DiffusionSampler.Samples s = set.sample(plan, rows, seeds, settings);
        int dim = s.dim();
        for (int r = 0; r < idx.length; r++) {
            float[] truth = data.row(plan.target(), idx[r]);
            double sum = 0;
            for (int j = 0; j < dim; j++) {
                double mean = 0;
                for (int d = 0; d < draws; d++) {
                    mean += s.values()[(r * draws + d) * dim + j];
                }
                mean /= draws;
                double spread = 0;
                for (int d = 0; d < draws; d++) {
                    double v = s.values()[(r * draws + d) * dim + j] - mean;
                    spread += v * v;
                }
                double diff = mean - truth[j];
                sum += diff * diff - spread / (draws - 1) / draws;
            }
            out[r] = sum / dim;
        }
        return out;
    }
}
