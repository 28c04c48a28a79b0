package dev.coherent.evaluation;

import dev.coherent.CoherentException;
import dev.coherent.cohort.Cohort;
import dev.coherent.cohort.CohortSplitter;
import dev.coherent.cohort.FeatureScaler;
import dev.coherent.cohort.Split;
import dev.coherent.diffusion.SamplerSettings;
import dev.coherent.imputation.ImputationRequest;
import dev.coherent.imputation.Imputer;
import dev.coherent.linear.LinearBaseline;
import dev.coherent.linear.LinearGaussian;
import dev.coherent.linear.RidgeRegression;
import dev.coherent.metrics.ConformalIntervals;
import dev.coherent.metrics.DrawSummary;
import dev.coherent.metrics.Intervals;
import dev.coherent.metrics.ProbabilisticScores;
import dev.coherent.metrics.Regressions;
import dev.coherent.modelset.ImputationMethod;
import dev.coherent.modelset.ModelSet;
import dev.coherent.modelset.SamplingPlan;
import dev.coherent.modelset.StandardizedCohort;
import dev.coherent.modelset.Subsets;
import dev.coherent.random.Seeds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Scores a model set on a cohort's test split: for every target and every non-empty set of other
 * modalities, each applicable method (single for one condition, multi, coherent for two or more).
 *
 * <p>Scores are computed in the model set's standardized space, where every feature weighs the same
 * (R² and coverage do not depend on it; the variance ratio does).
 */
public final class Evaluator {
    public static final String ORACLE_FILE = "oracle_r2.tsv";

    /**
     * @param maxPatients evaluate on at most this many test patients (a seeded random subset); 0 = all
     */
    public record Options(
            int draws, long seed, SamplerSettings sampler, int maxPatients, double level, boolean antithetic) {}

    private final ModelSet models;
    private final Options options;

    public Evaluator(ModelSet models, Options options) {
        this.models = models;
        this.options = options;
    }

    /** Evaluates every row; {@code progress} receives each row as it completes. */
    public List<EvaluationRow> evaluate(Cohort input, Map<String, Double> oracle, Consumer<EvaluationRow> progress) {
        Cohort cohort = CohortSplitter.withSplits(input, models.manifest().trainingSeed());
        Map<String, FeatureScaler> scalers = new HashMap<>();
        for (String m : models.modalities()) {
            if (!cohort.modalityNames().contains(m)) {
                throw new CoherentException("the cohort lacks modality '" + m + "' of the model set");
            }
            scalers.put(m, models.scaler(m));
        }
        StandardizedCohort data = new StandardizedCohort(cohort, scalers);
        Imputer imputer = new Imputer(models, options.antithetic());
        ImputationRequest request = new ImputationRequest(
                List.of(),
                List.of(),
                ImputationMethod.AUTO,
                options.draws(),
                options.seed(),
                options.level(),
                options.sampler(),
                false);
        List<EvaluationRow> rows = new ArrayList<>();
        for (String target : models.modalities()) {
            List<String> others =
                    models.modalities().stream().filter(m -> !m.equals(target)).toList();
            for (List<String> conditions : Subsets.nonEmpty(others)) {
                List<String> needed = new ArrayList<>(conditions);
                needed.add(target);
                int[] test = limit(data.having(Split.TEST, needed));
                if (test.length == 0) {
                    continue;
                }
                String condition = String.join("+", conditions);
                double ols = olsR2(data, target, conditions, test);
                double ridge = ridgeR2(data, target, conditions, test, options.seed());
                double oracleR2 = oracle.getOrDefault(target + "\t" + condition, Double.NaN);
                float[][] truth = new float[test.length][];
                List<Map<String, float[]>> inputs = new ArrayList<>();
                List<String> ids = new ArrayList<>();
                for (int k = 0; k < test.length; k++) {
                    truth[k] = data.row(target, test[k]);
                    Map<String, float[]> in = new LinkedHashMap<>();
                    for (String c : conditions) {
                        in.put(c, data.row(c, test[k]));
                    }
                    inputs.add(in);
                    ids.add(cohort.sample(test[k]).id());
                }
                String auto =
                        models.plan(target, conditions, ImputationMethod.AUTO).method();
                for (ImputationMethod method : models.availableMethods(target, conditions)) {
                    long started = System.nanoTime();
                    SamplingPlan plan = models.plan(target, conditions, method);
                    Imputer.GroupDraws g = imputer.sample(plan, inputs, ids, request);
                    EvaluationRow row = score(
                            target,
                            condition,
                            plan,
                            truth,
                            g,
                            oracleR2,
                            ols,
                            ridge,
                            (System.nanoTime() - started) / 1e9,
                            plan.method().equals(auto));
                    rows.add(row);
                    progress.accept(row);
                }
            }
        }
        return rows;
    }

    /**
     * At most {@code maxPatients} of the given patients: a seeded random subset (in cohort order),
     * because cohorts are often sorted by cancer type and the first N would be one type.
     */
    private int[] limit(int[] idx) {
        if (options.maxPatients() <= 0 || idx.length <= options.maxPatients()) {
            return idx;
        }
        int[] copy = idx.clone();
        java.util.SplittableRandom random = new java.util.SplittableRandom(options.seed());
        Seeds.shuffle(copy, random);
        int[] chosen = java.util.Arrays.copyOf(copy, options.maxPatients());
        java.util.Arrays.sort(chosen);
        return chosen;
    }

    /** Scores one plan's draws; the intervals are those an imputation answers with (calibrated where the set can). */
    private EvaluationRow score(
            String target,
            String condition,
            SamplingPlan plan,
            float[][] truth,
            Imputer.GroupDraws g,
            double oracle,
            double ols,
            double ridge,
            double seconds,
            boolean auto) {
        int n = truth.length;
        int draws = options.draws();
        float[][][] byDraw = new float[draws][n][];
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < draws; d++) {
                byDraw[d][i] = g.draws()[i][d];
            }
        }
        DrawSummary summary = DrawSummary.of(byDraw, options.level());
        double q = plan.intervalMultiplier(draws, options.level());
        boolean calibrated = !Double.isNaN(q);
        if (calibrated) {
            for (int i = 0; i < n; i++) {
                ConformalIntervals.bounds(
                        summary.mean()[i], summary.std()[i], q, summary.lower()[i], summary.upper()[i]);
            }
        }
        ProbabilisticScores raw = ProbabilisticScores.of(byDraw, truth);
        double[] multipliers = new double[ProbabilisticScores.LEVELS.length];
        for (int l = 0; l < multipliers.length; l++) {
            multipliers[l] = plan.intervalMultiplier(draws, ProbabilisticScores.LEVELS[l]);
        }
        int rejected = 0;
        for (int r : g.rejected()) {
            rejected += r;
        }
        int diverged = 0;
        for (int d : g.diverged()) {
            diverged += d;
        }
        return new EvaluationRow(
                target,
                condition,
                plan.method(),
                n,
                Regressions.r2PerFeature(truth, summary.mean()),
                Regressions.r2FlatOfDraws(truth, byDraw),
                Regressions.r2PerFeatureOfDraws(truth, byDraw),
                Intervals.variancePct(byDraw, truth),
                Intervals.coverage(truth, summary.lower(), summary.upper()),
                oracle,
                ols,
                ridge,
                seconds,
                rejected,
                diverged,
                auto,
                raw.withMultipliers(byDraw, truth, multipliers),
                calibrated,
                raw);
    }

    /** R² on the test rows of a least-squares fit of the target on the concatenated conditions. */
    static double olsR2(StandardizedCohort data, String target, List<String> conditions, int[] test) {
        List<String> needed = new ArrayList<>(conditions);
        needed.add(target);
        int[] train = data.having(Split.TRAIN, needed);
        LinearBaseline fit = LinearBaseline.fit(features(data, conditions, train), targets(data, target, train));
        return Regressions.r2PerFeature(targets(data, target, test), fit.predict(features(data, conditions, test)));
    }

    /**
     * R² on the test rows of ridge regression (penalty by cross-validation) fitted on the training
     * and validation patients, like the linear method but never mixing cancer types.
     */
    static double ridgeR2(StandardizedCohort data, String target, List<String> conditions, int[] test, long seed) {
        List<String> needed = new ArrayList<>(conditions);
        needed.add(target);
        int[] fitRows = java.util.stream.IntStream.concat(
                        java.util.Arrays.stream(data.having(Split.TRAIN, needed)),
                        java.util.Arrays.stream(data.having(Split.VAL, needed)))
                .toArray();
        if (fitRows.length < RidgeRegression.MIN_ROWS) {
            return Double.NaN;
        }
        LinearGaussian ridge = LinearGaussian.fit(
                        target, conditions, features(data, conditions, fitRows), targets(data, target, fitRows), seed)
                .model();
        float[][] predicted = java.util.Arrays.stream(features(data, conditions, test))
                .map(ridge::mean)
                .toArray(float[][]::new);
        return Regressions.r2PerFeature(targets(data, target, test), predicted);
    }

    private static float[][] features(StandardizedCohort data, List<String> conditions, int[] idx) {
        float[][] x = new float[idx.length][];
        for (int k = 0; k < idx.length; k++) {
            x[k] = data.concatenated(conditions, idx[k]);
        }
        return x;
    }

    private static float[][] targets(StandardizedCohort data, String target, int[] idx) {
        float[][] y = new float[idx.length][];
        for (int k = 0; k < idx.length; k++) {
            y[k] = data.row(target, idx[k]);
        }
        return y;
    }

    /** Reads {@code oracle_r2.tsv} (target, condition, oracle_r2) from a cohort folder; empty if absent. */
    public static Map<String, Double> readOracle(Path cohortDir) {
        Path file = cohortDir.resolve(ORACLE_FILE);
        Map<String, Double> out = new HashMap<>();
        if (!Files.exists(file)) {
            return out;
        }
        try {
            List<String> lines = Files.readAllLines(file);
            for (int i = 1; i < lines.size(); i++) {
                String[] f = lines.get(i).split("\t");
                if (f.length >= 3) {
                    out.put(f[0] + "\t" + f[1], Double.parseDouble(f[2]));
                }
            }
        } catch (IOException | NumberFormatException e) {
            throw new CoherentException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return out;
    }
}
