package dev.coherent.prioritization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScoresAndBudgetTest {

    @Test
    void disagreementAndVarianceFromHandMadeClassifierOutputs() {
        float[][] probs = {
            {0.6f, 0.4f}, // without the modality: class 0
            {0.7f, 0.3f}, // draw 1: class 0
            {0.2f, 0.8f}, // draw 2: class 1
            {0.4f, 0.6f}, // draw 3: class 1
            {0.9f, 0.1f}, // draw 4: class 0
        };
        PatientScore s = PatientScore.of("p", "rnaseq", probs);
        assertEquals(0, s.baseline());
        assertEquals(0.5, s.disagreement(), 1e-12);
        assertArrayEquals(new int[] {2, 2}, s.predictionCounts());
        // class-0 probabilities over draws 0.7, 0.2, 0.4, 0.9: mean 0.55, population variance 0.0725;
        // class 1 mirrors it, so the total is 0.145.
        assertEquals(0.145, s.variance(), 1e-6);
        assertEquals(0.5, s.score(ScoreKind.DISAGREEMENT), 0);
        assertEquals(0.145, s.score(ScoreKind.VARIANCE), 1e-6);
    }

    @Test
    void unanimousDrawsScoreZero() {
        PatientScore s = PatientScore.of("p", "wsi", new float[][] {{0.1f, 0.9f}, {0.2f, 0.8f}, {0.2f, 0.8f}});
        assertEquals(0, s.disagreement(), 0);
        assertEquals(0, s.variance(), 1e-12);
    }

    @Test
    void budgetIsSpentGreedilyByScorePerCost() {
        List<BudgetSelection.Candidate> c = List.of(
                new BudgetSelection.Candidate("a", "rnaseq", 0.9, 1.0, 0.9),
                new BudgetSelection.Candidate("b", "wsi", 0.4, 0.3, 0.4),
                new BudgetSelection.Candidate("c", "rnaseq", 0.5, 1.0, 0.5),
                new BudgetSelection.Candidate("d", "wsi", 0.1, 0.3, 0.1));
        // score per cost: b 1.33, a 0.9, d 0.33, c 0.5 -> order b, a, c, d
        assertEquals(
                List.of("b", "a", "c", "d"),
                BudgetSelection.rank(c).stream().map(x -> x.patient()).toList());
        BudgetSelection.Selection s = BudgetSelection.greedy(c, 1.6);
        // b (0.3) + a (1.0) = 1.3; c would exceed; d (0.3) fits: 1.6
        assertEquals(
                List.of("b", "a", "d"),
                s.chosen().stream().map(x -> x.patient()).toList());
        assertEquals(1.6, s.totalCost(), 1e-12);
        assertEquals(1.4, s.expectedChanges(), 1e-12);
        assertEquals(0, BudgetSelection.greedy(c, 0.2).chosen().size());
        assertThrows(IllegalArgumentException.class, () -> new BudgetSelection.Candidate("x", "m", 1, 0, 0));
    }

    @Test
    void observedCountsFollowTheReferenceRounding() {
        assertEquals(0, PrioritizationEvaluation.observedCount(100, 0));
        assertEquals(100, PrioritizationEvaluation.observedCount(100, 20));
        assertEquals(40, PrioritizationEvaluation.observedCount(100, 8));
        assertEquals(1.0, PrioritizationEvaluation.ratio(20), 0);
    }

    @Test
    void informedKeepsTheHighestScoresFirst() {
        // Two patients, classifier right only with the modality for patient 1: informed order starts with the
        // higher score, so observing one patient fixes the right one.
        int[] truth = {0, 1};
        int[] with = {0, 1};
        int[] without = {0, 0};
        assertEquals(1.0, PrioritizationEvaluation.f1(truth, with, without, new int[] {1, 0}, 1), 1e-12);
        assertEquals(
                PrioritizationEvaluation.f1(truth, with, without, new int[] {0, 1}, 0),
                PrioritizationEvaluation.f1(truth, with, without, new int[] {0, 1}, 1),
                1e-12);
    }

    @Test
    void threeClassScoresAndTiesKeepTheHigherScoreThenInputOrder() {
        // Baseline class 2; draws predict 2, 0, 2: one of three disagrees.
        PatientScore s = PatientScore.of("p", "cna", new float[][] {
            {0.2f, 0.3f, 0.5f}, {0.1f, 0.1f, 0.8f}, {0.6f, 0.2f, 0.2f}, {0.1f, 0.4f, 0.5f}
        });
        assertEquals(2, s.baseline());
        assertArrayEquals(new int[] {1, 0, 2}, s.predictionCounts());
        assertEquals(1 / 3.0, s.disagreement(), 1e-12);
        // Per class: population variances of (0.1, 0.6, 0.1), (0.1, 0.2, 0.4), (0.8, 0.2, 0.5).
        assertEquals(0.0555556 + 0.0155556 + 0.06, s.variance(), 1e-6);

        // Same score per cost: the higher score first; same both: input order.
        List<BudgetSelection.Candidate> c = List.of(
                new BudgetSelection.Candidate("a", "wsi", 0.2, 0.5, 0.2),
                new BudgetSelection.Candidate("b", "rnaseq", 0.4, 1.0, 0.4),
                new BudgetSelection.Candidate("c", "wsi", 0.2, 0.5, 0.2));
        assertEquals(
                List.of("b", "a", "c"),
                BudgetSelection.rank(c).stream().map(x -> x.patient()).toList());
        // A budget of exactly the cost of the first two buys them (no rounding loss).
        assertEquals(
                List.of("b", "a"),
                BudgetSelection.greedy(c, 1.5).chosen().stream()
                        .map(x -> x.patient())
                        .toList());
    }
}
