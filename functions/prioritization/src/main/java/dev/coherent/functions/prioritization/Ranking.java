package dev.coherent.functions.prioritization;

import dev.coherent.prioritization.BudgetSelection;
import dev.coherent.prioritization.PatientScore;
import dev.coherent.prioritization.ScoreKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The ranked pairs as answered, and the selection under a budget (null without one). */
record Ranking(List<PrioritizeResponse.Entry> entries, PrioritizeResponse.Selection selection) {
    /** What a modality costs when no cost is given for it. */
    static final double DEFAULT_COST = 1.0;

    /**
     * Ranks scored pairs by score per unit cost ({@link BudgetSelection#rank}: ties by higher score,
     * then input order) and, with a budget, chooses greedily under it ({@link BudgetSelection#greedy}:
     * the expected changes are the chosen pairs' disagreement, whichever score ranks).
     *
     * @param costs cost per modality; a modality not listed costs 1
     * @param classes the classifier's class names, indexed like the scores' class indices
     * @param budget null for no selection
     */
    static Ranking of(
            List<PatientScore> scores, Map<String, Double> costs, ScoreKind kind, List<String> classes, Double budget) {
        Map<String, PatientScore> byKey = new HashMap<>();
        List<BudgetSelection.Candidate> candidates = new ArrayList<>(scores.size());
        for (PatientScore s : scores) {
            candidates.add(new BudgetSelection.Candidate(
                    s.patient(),
                    s.modality(),
                    s.score(kind),
                    costs.getOrDefault(s.modality(), DEFAULT_COST),
                    s.disagreement()));
            if (byKey.put(key(s.patient(), s.modality()), s) != null) {
                throw new IllegalArgumentException("patient '" + s.patient() + "' is scored twice for " + s.modality());
            }
        }
        List<BudgetSelection.Candidate> ranked = BudgetSelection.rank(candidates);
        Map<String, Integer> ranks = new HashMap<>();
        List<PrioritizeResponse.Entry> entries = new ArrayList<>(ranked.size());
        for (BudgetSelection.Candidate c : ranked) {
            PatientScore s = byKey.get(key(c.patient(), c.modality()));
            int rank = entries.size() + 1;
            ranks.put(key(c.patient(), c.modality()), rank);
            Map<String, Double> probabilities = new LinkedHashMap<>();
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (int k = 0; k < classes.size(); k++) {
                // Through the float's shortest decimal, so 0.34f reads 0.34 and not 0.3400000035762787.
                probabilities.put(classes.get(k), Double.parseDouble(Float.toString(s.baselineProbabilities()[k])));
                counts.put(classes.get(k), s.predictionCounts()[k]);
            }
            entries.add(new PrioritizeResponse.Entry(
                    rank,
                    c.patient(),
                    c.modality(),
                    c.score(),
                    c.cost(),
                    c.scorePerCost(),
                    s.disagreement(),
                    s.variance(),
                    new PrioritizeResponse.Prediction(classes.get(s.baseline()), probabilities),
                    counts,
                    s.diverged()));
        }
        PrioritizeResponse.Selection selection = null;
        if (budget != null) {
            BudgetSelection.Selection chosen = BudgetSelection.greedy(candidates, budget);
            List<PrioritizeResponse.Chosen> list =
                    new ArrayList<>(chosen.chosen().size());
            for (BudgetSelection.Candidate c : chosen.chosen()) {
                list.add(new PrioritizeResponse.Chosen(
                        ranks.get(key(c.patient(), c.modality())), c.patient(), c.modality(), c.cost()));
            }
            selection = new PrioritizeResponse.Selection(budget, list, chosen.totalCost(), chosen.expectedChanges());
        }
        return new Ranking(entries, selection);
    }

    private static String key(String patient, String modality) {
        return patient + '\u0000' + modality;
    }
}
