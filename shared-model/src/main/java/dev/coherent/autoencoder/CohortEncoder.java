package dev.coherent.autoencoder;

import dev.coherent.cohort.Cohort;
import dev.coherent.cohort.CohortFormatException;
import dev.coherent.cohort.ModalityMatrix;
import dev.coherent.preprocess.PreprocessingParameters;
import dev.coherent.preprocess.Preprocessor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns a raw cohort into a cohort of codes: each modality preprocessed with its stored parameters
 * and encoded by its {@link ModalityEncoder}.
 *
 * <p>Its one job is that raw-to-codes step for whole cohorts (evaluation, calibration, audit
 * references, classifier training); {@code ModelSet.modelSpace} calls it with the set's encoders.
 * It holds no state and owns nothing: the encoders stay with their creator, who closes them.
 */
public final class CohortEncoder {
    private CohortEncoder() {}

    /**
     * The cohort in code space, with the same patients and splits. Missing cells take the training
     * medians, as at inference; extra raw features are ignored; a patient without a modality stays
     * without it.
     *
     * @param modalities the modalities to encode, in the order of the result
     * @param encoders the encoder of each modality (looked up as each modality's turn comes)
     * @param codeNames the feature names of each modality's codes
     * @throws CohortFormatException when the cohort lacks a modality or a feature an encoder reads,
     *     or holds a negative count
     */
    public static Cohort encode(
            Cohort cohort,
            List<String> modalities,
            Function<String, ModalityEncoder> encoders,
            Function<String, List<String>> codeNames) {
        Map<String, ModalityMatrix> codes = new LinkedHashMap<>();
        for (String m : modalities) {
            if (!cohort.modalityNames().contains(m)) {
                throw new CohortFormatException("the cohort lacks modality '" + m + "' of the model set (it has "
                        + cohort.modalityNames() + ")");
            }
            ModalityMatrix raw = cohort.modality(m);
            ModalityEncoder encoder = encoders.apply(m);
            PreprocessingParameters params = encoder.preprocessor().parameters();
            Map<String, Integer> column = new HashMap<>();
            for (int j = 0; j < raw.dim(); j++) {
                column.put(raw.features().get(j), j);
            }
            List<String> names = new ArrayList<>();
            List<Integer> columns = new ArrayList<>();
            for (String f : params.inputFeatures()) {
                Integer j = column.get(f);
                if (j != null) {
                    names.add(f);
                    columns.add(j);
                }
            }
            Preprocessor.NameCheck check = encoder.preprocessor().check(names);
            if (!check.missing().isEmpty()) {
                throw new CohortFormatException("modality '" + m + "': the cohort lacks "
                        + check.missing().size() + " features the model set reads, e.g. '"
                        + check.missing().get(0) + "'");
            }
            List<Integer> present = new ArrayList<>();
            List<float[]> rows = new ArrayList<>();
            for (int i = 0; i < cohort.size(); i++) {
                if (!raw.present(i)) {
                    continue;
                }
                float[] values = new float[columns.size()];
                for (int k = 0; k < values.length; k++) {
                    values[k] = raw.row(i)[columns.get(k)];
                }
                try {
                    float[] row = encoder.preprocessor()
                            .transform(encoder.preprocessor().align(names, values));
                    encoder.preprocessor().fillWithMedians(row);
                    rows.add(row);
                } catch (IllegalArgumentException e) {
                    throw new CohortFormatException(
                            "modality '" + m + "', patient '" + cohort.sample(i).id() + "': " + e.getMessage(), e);
                }
                present.add(i);
            }
            float[][] z = encoder.encode(rows.toArray(float[][]::new));
            float[][] out = new float[cohort.size()][];
            for (int k = 0; k < z.length; k++) {
                out[present.get(k)] = z[k];
            }
            codes.put(m, new ModalityMatrix(m, codeNames.apply(m), out));
        }
        return new Cohort(cohort.name(), cohort.samples(), codes);
    }
}
