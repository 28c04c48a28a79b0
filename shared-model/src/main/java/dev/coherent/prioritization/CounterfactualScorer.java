package dev.coherent.prioritization;

import dev.coherent.classifier.Classifier;
import dev.coherent.classifier.ClassifierSpec;
import dev.coherent.diffusion.SamplerSettings;
import dev.coherent.imputation.ImputationRequest;
import dev.coherent.imputation.Imputer;
import dev.coherent.metrics.Divergence;
import dev.coherent.modelset.ImputationMethod;
import dev.coherent.modelset.InvalidQueryException;
import dev.coherent.modelset.ModelSet;
import dev.coherent.modelset.SamplingPlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Counterfactual scores: draw a patient's missing modality n times from their other modalities,
 * classify each completion, and compare with the prediction made without the modality
 * (reference-method.md §8, extended with a probability-variance score).
 *
 * <p>Inputs are standardized modality values. Patients with the same observed modalities are
 * scored in one batch; each score carries how many of its draws diverged. Thread-safe.
 */
public final class CounterfactualScorer {
    private final ModelSet set;
    private final Classifier classifier;

    public CounterfactualScorer(ModelSet set, Classifier classifier) {
        this.set = set;
        this.classifier = classifier;
    }

    /**
     * Scores measuring {@code modality} for each patient.
     *
     * @param patients per patient its standardized observed modalities (without {@code modality})
     * @param ids per patient, the id that keys its draws
     */
    public List<PatientScore> score(
            List<Map<String, float[]>> patients,
            List<String> ids,
            String modality,
            int draws,
            long seed,
            SamplerSettings sampler,
            ImputationMethod method) {
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < patients.size(); i++) {
            if (patients.get(i).containsKey(modality)) {
                throw new InvalidQueryException("patient '" + ids.get(i) + "' already has '" + modality + "'");
            }
            groups.computeIfAbsent(new TreeSet<>(patients.get(i).keySet()).toString(), k -> new ArrayList<>())
                    .add(i);
        }
        PatientScore[] out = new PatientScore[patients.size()];
        Imputer imputer = new Imputer(set);
        ImputationRequest request =
                new ImputationRequest(List.of(), List.of(), method, draws, seed, 0.9, sampler, false);
        for (List<Integer> group : groups.values()) {
            List<Map<String, float[]>> rows = new ArrayList<>();
            List<String> groupIds = new ArrayList<>();
            for (int i : group) {
                rows.add(patients.get(i));
                groupIds.add(ids.get(i));
            }
            SamplingPlan plan = set.plan(modality, rows.get(0).keySet(), method);
            float[][][] samples = imputer.sample(plan, rows, groupIds, request).draws();
            for (int g = 0; g < group.size(); g++) {
                out[group.get(g)] = scoreOne(groupIds.get(g), modality, rows.get(g), samples[g]);
            }
        }
        return List.of(out);
    }

    private PatientScore scoreOne(String id, String modality, Map<String, float[]> observed, float[][] draws) {
        ClassifierSpec spec = classifier.spec();
        int w = spec.featureWidth();
        int k = spec.modalities().size();
        int m = spec.modalities().indexOf(modality);
        int rows = 1 + draws.length;
        float[] features = new float[rows * w];
        float[] presence = new float[rows * k];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < k; j++) {
                float[] v = observed.get(spec.modalities().get(j));
                if (v != null) {
                    System.arraycopy(v, 0, features, r * w + spec.offset(j), v.length);
                    presence[r * k + j] = 1;
                }
            }
            if (r > 0) {
                System.arraycopy(draws[r - 1], 0, features, r * w + spec.offset(m), draws[r - 1].length);
                presence[r * k + m] = 1;
            }
        }
        return PatientScore.of(
                id, modality, classifier.probabilities(features, presence, rows), Divergence.divergedDraws(draws));
    }
}
