package dev.coherent.preprocess;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies fitted {@link PreprocessingParameters} to raw rows: recipe, feature selection, centering
 * and, at inference time, median filling. Immutable and thread-safe.
 *
 * <p>Raw rows are aligned to {@link PreprocessingParameters#inputFeatures()}; a missing cell is
 * {@code NaN}. The counts recipe needs every input feature (the library size is their sum); the
 * other recipes need only the kept ones.
 */
public final class Preprocessor {
    private final PreprocessingParameters params;
    private final Recipe recipe;
    private final int[] kept;
    private final boolean[] required;
    private final Map<String, Integer> inputIndex = new HashMap<>();

    public Preprocessor(PreprocessingParameters params) {
        this.params = params;
        this.recipe = params.recipeKind();
        for (int j = 0; j < params.inputFeatures().size(); j++) {
            if (inputIndex.put(params.inputFeatures().get(j), j) != null) {
                throw new IllegalArgumentException(params.modality() + ": input feature '"
                        + params.inputFeatures().get(j) + "' appears twice");
            }
        }
        kept = new int[params.dim()];
        required = new boolean[params.inputFeatures().size()];
        for (int k = 0; k < kept.length; k++) {
            Integer j = inputIndex.get(params.features().get(k));
            if (j == null) {
                throw new IllegalArgumentException(params.modality() + ": kept feature '"
                        + params.features().get(k) + "' is not an input feature");
            }
            kept[k] = j;
            required[j] = true;
        }
        if (recipe == Recipe.COUNTS) {
            java.util.Arrays.fill(required, true);
        }
    }

    public PreprocessingParameters parameters() {
        return params;
    }

    /** Width of the preprocessed space. */
    public int dim() {
        return kept.length;
    }

    /** What is wrong with a list of raw feature names: unknown, duplicated and missing required names. */
    public record NameCheck(List<String> unknown, List<String> duplicated, List<String> missing) {
        public boolean ok() {
            return unknown.isEmpty() && duplicated.isEmpty() && missing.isEmpty();
        }
    }

    /** Checks raw feature names against the ones this preprocessing reads. */
    public NameCheck check(List<String> names) {
        List<String> unknown = new ArrayList<>();
        List<String> duplicated = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String n : names) {
            if (!seen.add(n)) {
                duplicated.add(n);
            } else if (!inputIndex.containsKey(n)) {
                unknown.add(n);
            }
        }
        List<String> missing = new ArrayList<>();
        for (int j = 0; j < required.length; j++) {
            if (required[j] && !seen.contains(params.inputFeatures().get(j))) {
                missing.add(params.inputFeatures().get(j));
            }
        }
        return new NameCheck(unknown, duplicated, missing);
    }

    /**
     * Aligns named raw values to the input features; names that are not read stay missing.
     *
     * @throws IllegalArgumentException when {@link #check} finds a problem (callers check first to
     *     word the message for their users)
     */
    public float[] align(List<String> names, float[] values) {
        if (names.size() != values.length) {
            throw new IllegalArgumentException(names.size() + " names for " + values.length + " values");
        }
        NameCheck c = check(names);
        if (!c.ok()) {
            throw new IllegalArgumentException("feature names do not match: " + c);
        }
        float[] row = new float[params.inputFeatures().size()];
        java.util.Arrays.fill(row, Float.NaN);
        for (int i = 0; i < values.length; i++) {
            row[inputIndex.get(names.get(i))] = values[i];
        }
        return row;
    }

    /**
     * The preprocessed values of a raw row aligned to the input features; missing cells (and values
     * a recipe treats as missing, such as a copy number of 0) come out as {@code NaN}.
     *
     * @throws IllegalArgumentException on a negative count, naming the feature
     */
    public float[] transform(float[] raw) {
        if (raw.length != params.inputFeatures().size()) {
            throw new IllegalArgumentException(params.modality() + ": row of " + raw.length + " values, expected "
                    + params.inputFeatures().size());
        }
        float[] stage = stage(recipe, raw, params.inputFeatures());
        float[] out = new float[kept.length];
        for (int k = 0; k < kept.length; k++) {
            float v = stage[kept[k]];
            out[k] = params.centers() == null ? v : (float) (v - params.centers()[k]);
        }
        return out;
    }

    /** Fills the missing cells of a preprocessed row with the training medians, in place; returns how many. */
    public int fillWithMedians(float[] preprocessed) {
        int filled = 0;
        for (int k = 0; k < preprocessed.length; k++) {
            if (Float.isNaN(preprocessed[k])) {
                preprocessed[k] = (float) params.medians()[k];
                filled++;
            }
        }
        return filled;
    }

    /**
     * The recipe's per-sample step over every input feature, before feature selection and centering.
     *
     * @param names feature names, for the error on a negative count
     */
    static float[] stage(Recipe recipe, float[] raw, List<String> names) {
        float[] out = new float[raw.length];
        switch (recipe) {
            case COUNTS -> {
                double[] cpm;
                try {
                    cpm = Recipes.cpm(raw);
                } catch (IllegalArgumentException e) {
                    int j = firstNegative(raw);
                    throw new IllegalArgumentException(
                            "negative count for feature '" + names.get(j) + "' (the counts recipe needs counts >= 0)",
                            e);
                }
                for (int j = 0; j < raw.length; j++) {
                    out[j] = Double.isNaN(cpm[j]) ? Float.NaN : Recipes.log2Cpm(cpm[j]);
                }
            }
            case LOG_RATIO -> {
                for (int j = 0; j < raw.length; j++) {
                    out[j] = Recipes.logRatio(raw[j]);
                }
            }
            case CALLS, MEDIAN_CENTER, NONE -> System.arraycopy(raw, 0, out, 0, raw.length);
            default -> throw new IllegalStateException("unhandled recipe " + recipe);
        }
        return out;
    }

    private static int firstNegative(float[] raw) {
        for (int j = 0; j < raw.length; j++) {
            if (raw[j] < 0) {
                return j;
            }
        }
        return 0;
    }
}
