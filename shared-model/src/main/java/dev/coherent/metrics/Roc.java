package dev.coherent.metrics;

import java.util.Arrays;

/**
 * Area under the ROC curve from two groups of scores.
 */
public final class Roc {

    private Roc() {}

    /**
     * Mann–Whitney AUC: the probability that a random positive scores above a random negative, ties 0.5.
     *
     * <p>Equals the trapezoidal area under the ROC curve (Hanley and McNeil 1982, "The meaning and
     * use of the area under a receiver operating characteristic (ROC) curve", Radiology 143:29).
     * Use it for membership-inference audits (0.5 = no leak) or any score-based separation; it is
     * computed in O(n log n) from mid-ranks of the pooled scores. NaN scores are rejected.
     */
    public static double auc(double[] positives, double[] negatives) {
        int np = positives.length;
        int nn = negatives.length;
        if (np == 0 || nn == 0) {
            throw new IllegalArgumentException("AUC needs at least one positive and one negative");
        }
        int n = np + nn;
        // Sort indices into the pooled scores; an index below np marks a positive.
        double[] scores = new double[n];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            double v = i < np ? positives[i] : negatives[i - np];
            if (Double.isNaN(v)) {
                throw new IllegalArgumentException("AUC scores must not be NaN");
            }
            scores[i] = v;
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        // Sum of the positives' mid-ranks (1-based); tied runs share their average rank.
        double positiveRankSum = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double midRank = (i + j) / 2.0 + 1;
            for (int t = i; t <= j; t++) {
                if (order[t] < np) {
                    positiveRankSum += midRank;
                }
            }
            i = j + 1;
        }
        double u = positiveRankSum - (double) np * (np + 1) / 2;
        return u / ((double) np * nn);
    }
}
