package dev.coherent.imputation;

import dev.coherent.cohort.FeatureScaler;
import dev.coherent.diffusion.DiffusionSampler;
import dev.coherent.diffusion.SamplerSettings;
import dev.coherent.metrics.ConformalIntervals;
import dev.coherent.metrics.Divergence;
import dev.coherent.metrics.RowSummary;
import dev.coherent.modelset.InvalidQueryException;
import dev.coherent.modelset.ModalityInfo;
import dev.coherent.modelset.ModelSet;
import dev.coherent.modelset.SamplingPlan;
import dev.coherent.random.Seeds;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Imputes missing modalities with a model set.
 *
 * <p>Validates the request, standardizes the observed values, groups patients by (target,
 * observed modalities) so each gap pattern is one batch of patients × draws, samples, and turns
 * the draws back into data units. Each draw is seeded by the request seed, patient id, target and
 * draw number, so a patient's answer does not depend on who else is in the request. Thread-safe.
 */
public final class Imputer {
    private final ModelSet models;
    private final boolean antithetic;
    private final RowSampler rowSampler;
    private final Optional<OutOfDistributionScorer> ood;

    /**
     * Runs the reverse process for the expanded rows of one group (patients × draws), one seed and
     * noise sign per row; {@link ModelSet#sample} by default. A service may merge concurrent groups
     * with the same plan and settings into one call here (rows are independent, see
     * {@link DiffusionSampler}), which shares each denoising step among them.
     */
    @FunctionalInterface
    public interface RowSampler {
        DiffusionSampler.Samples sample(
                SamplingPlan plan,
                List<Map<String, float[]>> rows,
                long[] seeds,
                float[] signs,
                SamplerSettings settings);
    }

    /** An imputer drawing antithetic pairs (see {@link #Imputer(ModelSet, boolean)}). */
    public Imputer(ModelSet models) {
        this(models, true);
    }

    /** An imputer drawing antithetic pairs whose sampling goes through {@code rowSampler}. */
    public Imputer(ModelSet models, RowSampler rowSampler) {
        this(models, true, rowSampler);
    }

    /**
     * @param antithetic draw in antithetic pairs: draws 2k and 2k+1 share their noise with opposite
     *     signs. Each draw is still a sample of the model, but the pair's average cancels most of the
     *     noise-driven spread, so the mean of n draws (the imputed value) carries far less Monte Carlo
     *     error than n independent draws; false draws every sample independently.
     */
    public Imputer(ModelSet models, boolean antithetic) {
        this(models, antithetic, models::sample);
    }

    private Imputer(ModelSet models, boolean antithetic, RowSampler rowSampler) {
        this.models = models;
        this.antithetic = antithetic;
        this.rowSampler = rowSampler;
        this.ood = OutOfDistributionScorer.of(models);
    }

    /** Draws of one group, in standardized space, per patient [draw][feature]. */
    public record GroupDraws(SamplingPlan plan, float[][][] draws, int[] rejected) {
        /** Per patient, how many of its draws diverged ({@link Divergence}). */
        public int[] diverged() {
            int[] out = new int[draws.length];
            for (int i = 0; i < draws.length; i++) {
                out[i] = Divergence.divergedDraws(draws[i]);
            }
            return out;
        }
    }

    public ImputationResult impute(ImputationRequest request) {
        validate(request);
        List<PatientInput> patients = request.patients();
        List<Map<String, float[]>> standardized = new ArrayList<>();
        for (PatientInput p : patients) {
            Map<String, float[]> z = new LinkedHashMap<>();
            p.modalities().forEach((m, v) -> z.put(m, models.scaler(m).transform(v)));
            standardized.add(z);
        }
        // Group patients by target and observed modalities: one sampler batch per gap pattern.
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        Map<String, String> groupTarget = new LinkedHashMap<>();
        for (int i = 0; i < patients.size(); i++) {
            for (String target : targets(request, patients.get(i))) {
                String key = target + "|"
                        + new TreeSet<>(patients.get(i).modalities().keySet());
                groups.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
                groupTarget.put(key, target);
            }
        }
        List<Map<String, ImputedModality>> imputed = new ArrayList<>();
        for (int i = 0; i < patients.size(); i++) {
            imputed.add(new LinkedHashMap<>());
        }
        for (Map.Entry<String, List<Integer>> g : groups.entrySet()) {
            String target = groupTarget.get(g.getKey());
            List<Integer> members = g.getValue();
            SamplingPlan plan = models.plan(
                    target, patients.get(members.get(0)).modalities().keySet(), request.method());
            List<Map<String, float[]>> rows = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (int i : members) {
                rows.add(standardized.get(i));
                ids.add(patients.get(i).id());
            }
            GroupDraws draws = sample(plan, rows, ids, request);
            FeatureScaler scaler = models.scaler(target);
            for (int k = 0; k < members.size(); k++) {
                imputed.get(members.get(k))
                        .put(
                                target,
                                summarize(
                                        draws.draws()[k],
                                        scaler,
                                        plan,
                                        draws.rejected()[k],
                                        Divergence.divergedDraws(draws.draws()[k]),
                                        request));
            }
        }
        List<PatientImputation> out = new ArrayList<>();
        for (int i = 0; i < patients.size(); i++) {
            Map<String, ImputedModality> ordered = new LinkedHashMap<>();
            for (String m : models.modalities()) {
                if (imputed.get(i).containsKey(m)) {
                    ordered.put(m, imputed.get(i).get(m));
                }
            }
            out.add(new PatientImputation(patients.get(i).id(), ordered, outOfDistribution(standardized.get(i))));
        }
        return new ImputationResult(models.version(), models.sha256(), request.seed(), out);
    }

    /** How unlike the training data a patient's provided (standardized) modalities are; null when the set cannot tell. */
    private OutOfDistribution outOfDistribution(Map<String, float[]> standardized) {
        return ood.isEmpty() || standardized.isEmpty() ? null : ood.get().score(standardized);
    }

    /**
     * Samples {@code draws} rows per patient for one plan, in standardized space.
     *
     * @param rows per patient, the standardized observed modalities
     * @param ids per patient, the id that keys its random streams
     */
    public GroupDraws sample(
            SamplingPlan plan, List<Map<String, float[]>> rows, List<String> ids, ImputationRequest request) {
        int n = rows.size();
        int draws = request.draws();
        List<Map<String, float[]>> expanded = new ArrayList<>(n * draws);
        long[] seeds = new long[n * draws];
        float[] signs = new float[n * draws];
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < draws; d++) {
                expanded.add(rows.get(i));
                seeds[i * draws + d] = Seeds.draw(request.seed(), ids.get(i), plan.target(), d, antithetic);
                signs[i * draws + d] = Seeds.drawSign(d, antithetic);
            }
        }
        DiffusionSampler.Samples s = rowSampler.sample(plan, expanded, seeds, signs, request.sampler());
        int dim = s.dim();
        float[][][] out = new float[n][draws][dim];
        int[] rejected = new int[n];
        for (int i = 0; i < n; i++) {
            for (int d = 0; d < draws; d++) {
                int r = i * draws + d;
                System.arraycopy(s.values(), r * dim, out[i][d], 0, dim);
                if (s.attempts()[r] > 1) {
                    rejected[i]++;
                }
            }
        }
        return new GroupDraws(plan, out, rejected);
    }

    /**
     * Summarizes one patient's standardized draws (where the divergence guard judged them) in data
     * units, with the plan's calibrated interval where the set has one.
     */
    private static ImputedModality summarize(
            float[][] draws,
            FeatureScaler scaler,
            SamplingPlan plan,
            int rejected,
            int diverged,
            ImputationRequest request) {
        RowSummary z = RowSummary.of(draws, request.interval());
        double q = plan.intervalMultiplier(draws.length, request.interval());
        boolean calibrated = !Double.isNaN(q);
        if (calibrated) {
            ConformalIntervals.bounds(z.mean(), z.std(), q, z.lower(), z.upper());
        }
        float[][] samples = null;
        if (request.keepDraws()) {
            samples = new float[draws.length][];
            for (int d = 0; d < draws.length; d++) {
                samples[d] = scaler.inverse(draws[d]);
            }
        }
        return new ImputedModality(
                scaler.inverse(z.mean()),
                scaler.inverseSpread(z.std()),
                scaler.inverse(z.lower()),
                scaler.inverse(z.upper()),
                calibrated,
                plan.method(),
                draws.length,
                rejected,
                diverged,
                samples);
    }

    private List<String> targets(ImputationRequest request, PatientInput p) {
        if (!request.targets().isEmpty()) {
            return request.targets();
        }
        return models.modalities().stream()
                .filter(m -> !p.modalities().containsKey(m))
                .toList();
    }

    /** Checks everything a caller can get wrong; messages name the patient and field. */
    void validate(ImputationRequest request) {
        if (request.patients().isEmpty()) {
            throw new InvalidQueryException("no patients in the request");
        }
        if (request.draws() < 1) {
            throw new InvalidQueryException("draws must be at least 1, got " + request.draws());
        }
        if (!(request.interval() > 0 && request.interval() < 1)) {
            throw new InvalidQueryException("interval must be between 0 and 1 (exclusive), got " + request.interval());
        }
        for (String t : request.targets()) {
            if (!models.modalities().contains(t)) {
                throw new InvalidQueryException("unknown target '" + t + "'; the model set has " + models.modalities());
            }
        }
        if (new HashSet<>(request.targets()).size() != request.targets().size()) {
            throw new InvalidQueryException("targets lists a modality twice");
        }
        Set<String> ids = new HashSet<>();
        for (PatientInput p : request.patients()) {
            if (p.id() == null || p.id().isBlank()) {
                throw new InvalidQueryException("a patient has no id");
            }
            if (!ids.add(p.id())) {
                throw new InvalidQueryException("duplicate patient id '" + p.id() + "'");
            }
            for (Map.Entry<String, float[]> e : p.modalities().entrySet()) {
                if (!models.modalities().contains(e.getKey())) {
                    throw new InvalidQueryException("patient '" + p.id() + "': unknown modality '" + e.getKey()
                            + "'; the model set has " + models.modalities());
                }
                ModalityInfo info = models.modality(e.getKey());
                float[] v = e.getValue();
                if (v == null || v.length != info.dim()) {
                    throw new InvalidQueryException("patient '" + p.id() + "': " + e.getKey() + " needs " + info.dim()
                            + " values, got " + (v == null ? 0 : v.length));
                }
                for (int j = 0; j < v.length; j++) {
                    if (!Float.isFinite(v[j])) {
                        throw new InvalidQueryException(
                                "patient '" + p.id() + "': " + e.getKey() + "[" + j + "] is not a finite number");
                    }
                }
            }
            for (String t : request.targets()) {
                if (p.modalities().containsKey(t)) {
                    throw new InvalidQueryException("patient '" + p.id() + "' already has target '" + t + "'");
                }
            }
        }
    }
}
