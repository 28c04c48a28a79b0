package dev.coherent.preprocess;

import dev.coherent.cohort.Cohort;
import dev.coherent.cohort.CohortFormatException;
import dev.coherent.cohort.ModalityMatrix;
import java.util.ArrayList;
import java.util.List;

/**
 * Fits the preprocessing of one modality on the training split and applies it to every patient.
 *
 * <p>Order, as in the reference: the recipe's per-sample step; for counts, the CPM filter (CPM at
 * least {@code min_cpm} in at least {@code min_fraction} of the training patients with the
 * modality); the missing-fraction filter (kept only when the training missing fraction is below
 * {@code max_missing}); for median_center, subtracting each kept feature's training median; then
 * every missing cell of every patient is filled by KNN over the training rows or by the training
 * median. Nothing but the training rows decides a parameter.
 */
public final class PreprocessorFitter {
    private PreprocessorFitter() {}

    /**
     * The fitted parameters and the preprocessed, filled rows of every patient.
     *
     * @param rows per cohort sample, the preprocessed row; {@code null} when the patient lacks the modality
     */
    public record Fitted(PreprocessingParameters parameters, float[][] rows) {
        public Preprocessor preprocessor() {
            return new Preprocessor(parameters);
        }
    }

    /**
     * Fits on the training patients {@code train} that have the modality.
     *
     * @throws CohortFormatException when no training patient has the modality, no feature survives
     *     the filters or a count is negative (naming the modality and patient)
     */
    public static Fitted fit(Cohort cohort, String modality, int[] train, PreprocessingSpec spec) {
        ModalityMatrix m = cohort.modality(modality);
        Recipe recipe = spec.recipe();
        int n = cohort.size();
        float[][] stage = new float[n][];
        for (int i = 0; i < n; i++) {
            if (m.present(i)) {
                try {
                    stage[i] = Preprocessor.stage(recipe, m.row(i), m.features());
                } catch (IllegalArgumentException e) {
                    throw new CohortFormatException("modality '" + modality + "', patient '"
                            + cohort.sample(i).id() + "': " + e.getMessage());
                }
            }
        }
        List<Integer> trainRows = new ArrayList<>();
        for (int i : train) {
            if (stage[i] != null) {
                trainRows.add(i);
            }
        }
        if (trainRows.isEmpty()) {
            throw new CohortFormatException("modality '" + modality + "': no training patient has it");
        }
        int nTrain = trainRows.size();
        int d = m.dim();
        List<Integer> keptIdx = new ArrayList<>();
        double cpmLevel = Recipes.log2Cpm(spec.minCpm());
        for (int j = 0; j < d; j++) {
            int expressed = 0;
            int missing = 0;
            for (int i : trainRows) {
                float v = stage[i][j];
                if (Float.isNaN(v)) {
                    missing++;
                } else if (v >= cpmLevel) {
                    expressed++;
                }
            }
            // log2(CPM + 1) is monotone in CPM, so comparing logs is comparing CPMs.
            boolean cpmOk = recipe != Recipe.COUNTS || expressed >= spec.minFraction() * nTrain - 1e-9;
            boolean missingOk = (double) missing / nTrain < spec.maxMissing();
            if (cpmOk && missingOk) {
                keptIdx.add(j);
            }
        }
        if (keptIdx.isEmpty()) {
            throw new CohortFormatException("modality '" + modality + "': no feature survives the filters ("
                    + (recipe == Recipe.COUNTS
                            ? "CPM >= " + spec.minCpm() + " in " + spec.minFraction() + " of training patients, "
                            : "")
                    + "missing fraction < " + spec.maxMissing() + ")");
        }
        int kept = keptIdx.size();
        double[] column = new double[nTrain];
        double[] centers = null;
        if (recipe == Recipe.MEDIAN_CENTER) {
            centers = new double[kept];
            for (int k = 0; k < kept; k++) {
                centers[k] = trainMedian(stage, trainRows, keptIdx.get(k), 0, column);
            }
        }
        double[] medians = new double[kept];
        for (int k = 0; k < kept; k++) {
            medians[k] = trainMedian(stage, trainRows, keptIdx.get(k), centers == null ? 0 : centers[k], column);
        }
        List<String> features = new ArrayList<>(kept);
        for (int j : keptIdx) {
            features.add(m.features().get(j));
        }
        PreprocessingParameters params = new PreprocessingParameters(
                modality,
                recipe.label(),
                m.features(),
                features,
                spec.minCpm(),
                spec.minFraction(),
                spec.maxMissing(),
                spec.impute().label(),
                spec.k(),
                centers,
                medians,
                nTrain);
        Preprocessor pre = new Preprocessor(params);
        float[][] values = new float[n][];
        for (int i = 0; i < n; i++) {
            if (m.present(i)) {
                values[i] = pre.transform(m.row(i));
            }
        }
        float[][] rows;
        if (spec.impute() == CellImputation.KNN) {
            float[][] reference = new float[nTrain][];
            for (int r = 0; r < nTrain; r++) {
                reference[r] = values[trainRows.get(r)];
            }
            rows = KnnImputer.fill(values, reference, spec.k(), medians);
        } else {
            rows = values;
            for (float[] row : rows) {
                if (row != null) {
                    pre.fillWithMedians(row);
                }
            }
        }
        return new Fitted(params, rows);
    }

    private static double trainMedian(float[][] stage, List<Integer> trainRows, int j, double center, double[] buf) {
        for (int r = 0; r < trainRows.size(); r++) {
            float v = stage[trainRows.get(r)][j];
            buf[r] = Float.isNaN(v) ? Double.NaN : v - center;
        }
        return Recipes.nanMedian(buf);
    }
}
