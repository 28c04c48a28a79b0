package dev.coherent.functions.prioritization;

import dev.coherent.CoherentException;
import dev.coherent.functions.common.modelset.ModelSetLease;
import dev.coherent.functions.common.modelset.ModelSetService;
import dev.coherent.functions.common.modelset.ModelSetWarmUp;
import dev.coherent.functions.common.problem.CommonProblemType;
import dev.coherent.functions.common.problem.ProblemException;
import dev.coherent.functions.common.request.PatientRequests;
import dev.coherent.modelset.ModalityInfo;
import dev.coherent.modelset.ModelSet;
import dev.coherent.prioritization.CounterfactualScorer;
import dev.coherent.prioritization.PatientScore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Answers prioritization requests with the served model set; the only class of the function that
 * touches {@code shared-model}'s counterfactual scores.
 *
 * <p>For each patient and candidate modality it lacks, the engine draws the modality from the
 * patient's observed ones, classifies every completion with the label's classifier and scores how
 * often (disagreement) or how much (variance) the prediction moves away from the prediction without
 * it. The pairs are ranked by score per unit cost; with a budget, the pairs to buy are chosen
 * greedily. {@link ModelSetService} (functions-common) loads and verifies the set at startup and
 * calls {@link #warmUp} once before serving it; every request waits for it through
 * a lease ({@link ModelSetService#lease()}), which answers 503 while it loads or when it failed.
 */
@ApplicationScoped
public class PrioritizationService implements ModelSetWarmUp {
    /** Why a patient with nothing observed is refused ({@link PatientRequests#nothingObserved}). */
    static final String UNCONDITIONAL = "scoring it would draw every modality from nothing (unconditional generation)";

    private final PrioritizationConfig config;
    private final ModelSetService modelSets;

    public PrioritizationService(PrioritizationConfig config, ModelSetService modelSets) {
        this.config = config;
        this.modelSets = modelSets;
    }

    /**
     * Checks the configured defaults against the set and scores the first modality at its training
     * mean for the second one, with one draw of the default sampler and the default label's
     * classifier; a set without that classifier fails here, so it is never served.
     */
    @Override
    public void warmUp(ModelSet set) {
        ScoringSettings s = ScoringSettings.defaults(config, set, 0);
        List<ModalityInfo> modalities = set.manifest().modalities();
        if (modalities.size() < 2) {
            return;
        }
        ModalityInfo first = modalities.get(0);
        float[] mean = new float[first.dim()];
        for (int i = 0; i < mean.length; i++) {
            mean[i] = (float) first.mean()[i];
        }
        ScoringSettings one =
                new ScoringSettings(s.label(), s.classifier(), s.score(), s.method(), 1, s.sampler(), 0, s.costs());
        List<PatientScore> scores = score(
                set,
                one,
                List.of("warm-up"),
                List.of(Map.of(first.name(), set.scaler(first.name()).transform(mean))),
                List.of(List.of(modalities.get(1).name())));
        PatientScore p = scores.get(0);
        if (!Double.isFinite(p.disagreement()) || !Double.isFinite(p.variance())) {
            throw new CoherentException("warm-up scoring gave non-finite scores");
        }
    }

    /** Answers {@code POST /v1/prioritize}. */
    public PrioritizeResponse prioritize(PrioritizeRequest body) {
        if (body == null) {
            throw new ProblemException(
                    CommonProblemType.MALFORMED_JSON,
                    "the request body is empty; send a JSON object with a \"patients\" array");
        }
        List<PrioritizeRequest.Patient> patients = body.patients();
        if (patients == null || patients.isEmpty()) {
            throw invalid("no patients in the request: \"patients\" must be a non-empty array");
        }
        int max = config.limits().maxPatients();
        if (patients.size() > max) {
            throw new ProblemException(
                    CommonProblemType.TOO_MANY_PATIENTS,
                    patients.size() + " patients in one request; the limit is " + max + ": split the request");
        }
        try (ModelSetLease lease = modelSets.lease()) {
            return prioritize(lease.set(), body);
        }
    }

    private PrioritizeResponse prioritize(ModelSet set, PrioritizeRequest body) {
        List<PrioritizeRequest.Patient> patients = body.patients();
        ScoringSettings s = ScoringSettings.of(config, set, body);
        List<String> ids = new ArrayList<>(patients.size());
        List<Map<String, float[]>> standardized = new ArrayList<>(patients.size());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < patients.size(); i++) {
            PrioritizeRequest.Patient p = patients.get(i);
            Map<String, float[]> observed = checkPatient(set, i, p);
            if (!seen.add(p.id())) {
                throw invalid("duplicate patient id '" + p.id() + "'");
            }
            ids.add(p.id());
            standardized.add(standardize(set, observed));
        }
        List<List<String>> candidates = candidates(set, body.candidates(), ids, standardized);
        Double budget = body.budget();
        if (budget != null && !(budget >= 0 && Double.isFinite(budget))) {
            throw invalid("budget must be a finite number of at least 0, got " + budget);
        }
        List<PatientScore> scores = score(set, s, ids, standardized, candidates);
        Ranking r =
                Ranking.of(scores, s.costs(), s.score(), s.classifier().spec().classes(), budget);
        return new PrioritizeResponse(
                new PrioritizeResponse.ModelSetRef(set.version(), set.sha256()),
                s.label(),
                s.classifier().spec().classes(),
                s.score().label(),
                s.method().label(),
                s.sampler().kind().label(),
                s.sampler().steps(),
                s.sampler().eta(),
                s.sampler().variance().label(),
                s.draws(),
                s.seed(),
                r.entries(),
                r.selection());
    }

    /**
     * Checks one patient of a request (the engine's imputation rules and messages) and returns its
     * observed modalities; a patient without any is refused (422): drawing a modality from nothing
     * is unconditional generation, which the functions do not offer.
     */
    private static Map<String, float[]> checkPatient(ModelSet set, int index, PrioritizeRequest.Patient p) {
        PatientRequests.id(index, p, p == null ? null : p.id());
        Map<String, float[]> modalities = p.modalities() == null ? Map.of() : p.modalities();
        PatientRequests.noNullModality(p.id(), modalities);
        for (Map.Entry<String, float[]> e : modalities.entrySet()) {
            String m = e.getKey();
            float[] v = e.getValue();
            if (!set.modalities().contains(m)) {
                throw invalid("patient '" + p.id() + "': unknown modality '" + m + "'; the model set has "
                        + set.modalities());
            }
            int dim = set.modality(m).dim();
            if (v.length != dim) {
                throw invalid("patient '" + p.id() + "': " + m + " needs " + dim + " values, got " + v.length);
            }
            for (int j = 0; j < v.length; j++) {
                if (!Float.isFinite(v[j])) {
                    throw invalid("patient '" + p.id() + "': " + m + "[" + j + "] is not a finite number");
                }
            }
        }
        if (modalities.isEmpty()) {
            throw PatientRequests.unconditionalRefused(p.id(), UNCONDITIONAL);
        }
        return modalities;
    }

    /** Observed values in data units, standardized with the set's scalers, in the set's modality order. */
    static Map<String, float[]> standardize(ModelSet set, Map<String, float[]> observed) {
        Map<String, float[]> z = new LinkedHashMap<>();
        for (String m : set.modalities()) {
            float[] v = observed.get(m);
            if (v != null) {
                z.put(m, set.scaler(m).transform(v));
            }
        }
        return z;
    }

    /** Per patient, the modalities to score: the request's candidates, or every modality it lacks. */
    private static List<List<String>> candidates(
            ModelSet set, List<String> requested, List<String> ids, List<Map<String, float[]>> patients) {
        List<List<String>> out = new ArrayList<>(ids.size());
        if (requested == null) {
            for (Map<String, float[]> p : patients) {
                out.add(set.modalities().stream().filter(m -> !p.containsKey(m)).toList());
            }
            return out;
        }
        if (requested.isEmpty()) {
            throw invalid("candidates is empty; leave it out to consider every modality a patient lacks");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < requested.size(); i++) {
            String c = requested.get(i);
            if (c == null) {
                throw invalid("candidates[" + i + "] is null; expected a modality name");
            }
            if (!set.modalities().contains(c)) {
                throw invalid("unknown candidate '" + c + "'; the model set has " + set.modalities());
            }
            if (!seen.add(c)) {
                throw invalid("candidates lists '" + c + "' twice");
            }
        }
        List<String> ordered = set.modalities().stream().filter(seen::contains).toList();
        for (int i = 0; i < patients.size(); i++) {
            for (String c : ordered) {
                if (patients.get(i).containsKey(c)) {
                    throw invalid("patient '" + ids.get(i) + "' already has candidate '" + c
                            + "'; a candidate must be missing for every patient");
                }
            }
            out.add(ordered);
        }
        return out;
    }

    /**
     * Scores every (patient, candidate) pair, one engine call per candidate modality (the engine
     * batches patients by observed modalities); the result is in patient order, then the set's
     * modality order. Draws are seeded by (seed, patient id, modality, draw), so a patient's scores
     * do not depend on who else is scored with it.
     */
    static List<PatientScore> score(
            ModelSet set,
            ScoringSettings s,
            List<String> ids,
            List<Map<String, float[]>> standardized,
            List<List<String>> candidates) {
        CounterfactualScorer scorer = new CounterfactualScorer(set, s.classifier());
        List<String> modalities = set.modalities();
        PatientScore[][] byPatient = new PatientScore[ids.size()][modalities.size()];
        for (int m = 0; m < modalities.size(); m++) {
            String modality = modalities.get(m);
            List<Integer> who = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                if (candidates.get(i).contains(modality)) {
                    who.add(i);
                }
            }
            if (who.isEmpty()) {
                continue;
            }
            List<Map<String, float[]>> rows =
                    who.stream().map(standardized::get).toList();
            List<String> rowIds = who.stream().map(ids::get).toList();
            List<PatientScore> scores =
                    scorer.score(rows, rowIds, modality, s.draws(), s.seed(), s.sampler(), s.method());
            for (int k = 0; k < who.size(); k++) {
                byPatient[who.get(k)][m] = scores.get(k);
            }
        }
        List<PatientScore> out = new ArrayList<>();
        for (PatientScore[] row : byPatient) {
            for (PatientScore p : row) {
                if (p != null) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    static ProblemException invalid(String detail) {
        return new ProblemException(CommonProblemType.INVALID_REQUEST, detail);
    }
}
