package dev.coherent.prioritization;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Chooses which (patient, modality) measurements to buy under a budget: greedily by score per
 * unit cost, skipping any that no longer fits (a knapsack heuristic; exact for equal costs).
 */
public final class BudgetSelection {
    private BudgetSelection() {}

    /**
     * One candidate measurement.
     *
     * @param changeProbability chance that measuring changes the prediction (the disagreement rate)
     */
    public record Candidate(String patient, String modality, double score, double cost, double changeProbability) {
        public Candidate {
            if (!(cost > 0)) {
                throw new IllegalArgumentException("cost must be > 0 for " + modality);
            }
        }

        public double scorePerCost() {
            return score / cost;
        }
    }

    /** The chosen measurements, their total cost and the expected number of changed predictions. */
    public record Selection(List<Candidate> chosen, double totalCost, double expectedChanges) {}

    /** Candidates sorted by score per cost, highest first (ties: higher score, then input order). */
    public static List<Candidate> rank(List<Candidate> candidates) {
        List<Candidate> sorted = new ArrayList<>(candidates);
        sorted.sort(Comparator.comparingDouble(Candidate::scorePerCost)
                .reversed()
                .thenComparing(Comparator.comparingDouble(Candidate::score).reversed()));
        return sorted;
    }

    public static Selection greedy(List<Candidate> candidates, double budget) {
        List<Candidate> chosen = new ArrayList<>();
        double spent = 0;
        double expected = 0;
        for (Candidate c : rank(candidates)) {
            if (spent + c.cost() <= budget + 1e-12) {
                chosen.add(c);
                spent += c.cost();
                expected += c.changeProbability();
            }
        }
        return new Selection(chosen, spent, expected);
    }
}
