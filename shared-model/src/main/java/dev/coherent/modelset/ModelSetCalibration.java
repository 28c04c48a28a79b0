package dev.coherent.modelset;

import dev.coherent.CoherentException;
import dev.coherent.cohort.Cohort;
import dev.coherent.cohort.Cohorts;
import dev.coherent.cohort.Split;
import dev.coherent.diffusion.X0Error;
import dev.coherent.store.ModelSetLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a model set measures on its validation patients after training: the x̂₀ errors the analytic
 * step variance needs and the conformal calibration of the intervals ({@link IntervalCalibrator}),
 * for every scored (target, condition set, method). The trainer measures both; {@link #calibrate}
 * (re)measures them for a set trained before they existed ({@code coherent calibrate}).
 */
public final class ModelSetCalibration {
    /** Rows the x̂₀ error is averaged over: validation patients, repeated with fresh noise when fewer. */
    static final int ROWS = 512;
    /** Grid stride; the error is smooth in t, and the grid is dense below the stride. */
    static final int STRIDE = 10;

    private ModelSetCalibration() {}

    /** The x̂₀ error of one plan on the validation patients {@code idx} (which have its conditions and target). */
    static X0Error x0Error(ModelSet set, SamplingPlan plan, StandardizedCohort data, int[] idx, long seed) {
        List<Map<String, float[]>> rows = new ArrayList<>();
        List<float[]> targets = new ArrayList<>();
        for (int r = 0; r < ROWS; r++) {
            int i = idx[r % idx.length];
            Map<String, float[]> row = new LinkedHashMap<>();
            for (String c : plan.conditions()) {
                row.put(c, data.row(c, i));
            }
            rows.add(row);
            targets.add(data.row(plan.target(), i));
        }
        return set.x0Error(plan, rows, targets, X0Error.grid(set.sampler().schedule(), STRIDE), seed);
    }

    /**
     * The set's validation scores with their x̂₀ errors measured (again) on the cohort it was trained
     * on, as read (raw for a raw set), whose fingerprint must match the manifest's.
     */
    public static List<ValidationScore> measure(ModelSet set, Cohort cohort) {
        requireTrainedOn(set, cohort);
        StandardizedCohort data = StandardizedCohort.of(set, set.modelSpace(cohort));
        long seed = set.manifest().trainingSeed();
        List<ValidationScore> out = new ArrayList<>();
        for (ValidationScore s : set.manifest().validation()) {
            List<String> needed = new ArrayList<>(s.conditions());
            needed.add(s.target());
            int[] idx = data.having(Split.VAL, needed);
            // The linear model draws without steps: it has no x̂₀ error.
            X0Error error = idx.length == 0 || s.imputationMethod() == ImputationMethod.LINEAR
                    ? null
                    : x0Error(set, set.plan(s.target(), s.conditions(), s.imputationMethod()), data, idx, seed);
            out.add(s.withX0Error(error));
        }
        return out;
    }

    /**
     * Measures the x̂₀ errors and then the interval calibration of a model set folder on the cohort
     * it was trained on (see {@link #measure}), rewriting its manifest after each: the calibration
     * draws with the analytic variance the x̂₀ errors enable, as imputations will.
     */
    public static ModelSetManifest calibrate(Path setDir, Cohort cohort) {
        try (ModelSet set = ModelSet.load(setDir)) {
            write(setDir, measure(set, cohort));
        }
        try (ModelSet set = ModelSet.load(setDir)) {
            StandardizedCohort data = StandardizedCohort.of(set, set.modelSpace(cohort));
            long seed = set.manifest().trainingSeed();
            boolean codes = set.hasEncoders();
            return write(
                    setDir,
                    IntervalCalibrator.calibrate(
                            set,
                            held -> LinearFits.linearWithout(set, data, held, codes, seed),
                            (t, cs, idx) -> LinearFits.linearOn(t, cs, data, idx, codes, seed),
                            data,
                            seed));
        }
    }

    /**
     * Fits the factor model of the out-of-distribution score and its thresholds again ({@link
     * LinearFits#disagreement}) on the cohort a model set folder was trained on, as training does
     * now, and writes them into the folder: a set trained before the factor model existed then
     * scores disagreement with it.
     */
    public static ModelSetManifest refitDisagreement(Path setDir, Cohort cohort) {
        LinearFits.Disagreement disagreement;
        try (ModelSet set = ModelSet.load(setDir)) {
            requireTrainedOn(set, cohort);
            if (set.hasEncoders()) {
                // Its thresholds need its encoders fitted again without each fold: training does that.
                throw new InvalidQueryException("model set " + set.version() + " was trained on a raw cohort: its"
                        + " out-of-distribution model comes with training (`coherent train`), not `calibrate`");
            }
            StandardizedCohort data = StandardizedCohort.of(set, set.modelSpace(cohort));
            disagreement = LinearFits.disagreement(
                    set.modalities(), data, set.manifest().trainingSeed(), ModelSetTrainer.LINEAR_SPLITS);
        }
        try {
            if (disagreement.model() != null) {
                ModelSetWriter.writeDisagreement(setDir, disagreement.model());
            } else {
                Files.deleteIfExists(setDir.resolve(ModelSetLayout.FACTOR_MODEL));
            }
            return ModelSetWriter.reseal(setDir, m -> m.withOutOfDistribution(disagreement.thresholds()));
        } catch (IOException e) {
            throw new CoherentException("cannot rewrite the manifest of " + setDir + ": " + e.getMessage(), e);
        }
    }

    private static void requireTrainedOn(ModelSet set, Cohort cohort) {
        String fingerprint = set.manifest().cohort().fingerprint();
        String actual = Cohorts.fingerprint(cohort);
        if (!fingerprint.equals(actual)) {
            throw new InvalidQueryException("the cohort is not the one model set " + set.version()
                    + " was trained on (fingerprint " + actual + ", expected " + fingerprint + ")");
        }
    }

    /** Rewrites a model set folder's manifest with the given validation scores and reseals it. */
    public static ModelSetManifest write(Path setDir, List<ValidationScore> scores) {
        try {
            return ModelSetWriter.reseal(setDir, m -> m.withValidation(scores));
        } catch (IOException e) {
            throw new CoherentException("cannot rewrite the manifest of " + setDir + ": " + e.getMessage(), e);
        }
    }
}
