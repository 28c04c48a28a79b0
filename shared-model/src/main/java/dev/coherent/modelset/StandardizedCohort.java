package dev.coherent.modelset;

import dev.coherent.cohort.Cohort;
import dev.coherent.cohort.CohortSplitter;
import dev.coherent.cohort.FeatureScaler;
import dev.coherent.cohort.ModalityMatrix;
import dev.coherent.cohort.Split;
import dev.coherent.diffusion.DenoiserData;
import dev.coherent.diffusion.DenoiserSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A cohort with every present row standardized by scalers fitted on its training split; the one
 * place that turns cohort rows into model inputs.
 */
public final class StandardizedCohort {
    private final Cohort cohort;
    private final Map<String, FeatureScaler> scalers = new LinkedHashMap<>();
    private final Map<String, float[][]> rows = new LinkedHashMap<>();

    /** Fits the scalers on the training split. */
    public StandardizedCohort(Cohort cohort) {
        this(cohort, fit(cohort));
    }

    /** Uses given scalers (e.g. those of a trained model set). */
    public StandardizedCohort(Cohort cohort, Map<String, FeatureScaler> scalers) {
        this.cohort = cohort;
        for (ModalityMatrix m : cohort.modalities().values()) {
            FeatureScaler s = scalers.get(m.name());
            if (s == null) {
                continue;
            }
            this.scalers.put(m.name(), s);
            float[][] z = new float[cohort.size()][];
            for (int i = 0; i < cohort.size(); i++) {
                z[i] = m.present(i) ? s.transform(m.row(i)) : null;
            }
            rows.put(m.name(), z);
        }
    }

    /**
     * A cohort as a trained model set sees it: split as at training (the paper split with the set's
     * seed, unless the cohort brings its own) and standardized with the set's scalers.
     */
    public static StandardizedCohort of(ModelSet set, Cohort input) {
        Cohort cohort = CohortSplitter.withSplits(input, set.manifest().trainingSeed());
        Map<String, FeatureScaler> scalers = new LinkedHashMap<>();
        for (String m : set.modalities()) {
            scalers.put(m, set.scaler(m));
        }
        return new StandardizedCohort(cohort, scalers);
    }

    private static Map<String, FeatureScaler> fit(Cohort cohort) {
        int[] train = cohort.indices(Split.TRAIN);
        Map<String, FeatureScaler> out = new LinkedHashMap<>();
        for (ModalityMatrix m : cohort.modalities().values()) {
            out.put(m.name(), FeatureScaler.fit(m, train));
        }
        return out;
    }

    public Cohort cohort() {
        return cohort;
    }

    public Map<String, FeatureScaler> scalers() {
        return scalers;
    }

    /** Standardized row of a patient, or {@code null} when absent. */
    public float[] row(String modality, int sample) {
        return rows.get(modality)[sample];
    }

    /** A patient's vectors of the given modalities, concatenated in that order (the linear models' input). */
    public float[] concatenated(List<String> modalities, int sample) {
        int width = 0;
        for (String m : modalities) {
            width += row(m, sample).length;
        }
        float[] out = new float[width];
        int o = 0;
        for (String m : modalities) {
            float[] v = row(m, sample);
            System.arraycopy(v, 0, out, o, v.length);
            o += v.length;
        }
        return out;
    }

    public boolean present(String modality, int sample) {
        return rows.get(modality)[sample] != null;
    }

    /** Patients of a split that have every one of the given modalities. */
    public int[] having(Split split, List<String> modalities) {
        List<Integer> out = new ArrayList<>();
        for (int i : cohort.indices(split)) {
            boolean all = true;
            for (String m : modalities) {
                all &= present(m, i);
            }
            if (all) {
                out.add(i);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Training or validation rows of a denoiser: patients of the split with the target and, for a
     * single-condition model, its condition; absent conditions are zero with presence 0.
     */
    public DenoiserData denoiserData(DenoiserSpec spec, Split split) {
        List<String> required = new ArrayList<>(List.of(spec.target()));
        if (spec.conditions().size() == 1) {
            required.add(spec.conditions().get(0));
        }
        int[] idx = having(split, required);
        int d = spec.targetDim();
        int w = spec.conditionWidth();
        int k = spec.conditions().size();
        float[] target = new float[idx.length * d];
        float[] cond = new float[idx.length * w];
        float[] presence = new float[idx.length * k];
        for (int r = 0; r < idx.length; r++) {
            System.arraycopy(row(spec.target(), idx[r]), 0, target, r * d, d);
            for (int c = 0; c < k; c++) {
                float[] v = row(spec.conditions().get(c), idx[r]);
                if (v != null) {
                    System.arraycopy(v, 0, cond, r * w + spec.conditionOffset(c), v.length);
                    presence[r * k + c] = 1f;
                }
            }
        }
        return new DenoiserData(idx.length, target, cond, presence);
    }
}
