package dev.coherent.evaluation;

import dev.coherent.metrics.ProbabilisticScores;

/**
 * Scores of one method imputing one target from one condition set on the test split.
 *
 * <p>{@code r2}: per-feature R² of the posterior mean (mean of the draws), averaged over features;
 * {@code r2Flat}: the reference's flattened R² of single draws; {@code r2Draw}: per-feature R² of
 * single draws; {@code variancePct}: mean per-sample variance across draws over the mean real
 * variance, × 100; {@code coverage90}: share of true values inside the draws' central interval;
 * {@code oracleR2}: the cohort's ceiling ({@code NaN} if unknown); {@code olsR2}: a least-squares
 * linear baseline fitted on training patients; {@code ridgeR2}: ridge regression (penalty by
 * cross-validation) fitted on training and validation patients, as the linear method is, but
 * never mixing cancer types: the plain linear baseline; {@code rejected}: draws Coherent Denoising rejected;
 * {@code diverged}: draws whose spread was far beyond the training data's
 * ({@link dev.coherent.metrics.Divergence}), of {@code patients × draws}; {@code auto}: whether this is
 * the method {@code auto} (the default) answers this query with, i.e. what a user gets;
 * {@code distribution}: coverage and width at 50/80/90/95%, CRPS and energy score of the draws
 * ({@link ProbabilisticScores}), with the intervals a user gets: the model set's conformal
 * calibration where {@code calibrated}, else the draws' quantiles; {@code rawDistribution}: the
 * same with the draws' quantile intervals (equal to {@code distribution} when not calibrated).
 * {@code coverage90} is of the interval a user gets too.
 */
public record EvaluationRow(
        String target,
        String condition,
        String method,
        int patients,
        double r2,
        double r2Flat,
        double r2Draw,
        double variancePct,
        double coverage90,
        double oracleR2,
        double olsR2,
        double ridgeR2,
        double seconds,
        int rejected,
        int diverged,
        boolean auto,
        ProbabilisticScores distribution,
        boolean calibrated,
        ProbabilisticScores rawDistribution) {

    /** A row whose intervals are the draws' own (no calibration). */
    public EvaluationRow(
            String target,
            String condition,
            String method,
            int patients,
            double r2,
            double r2Flat,
            double r2Draw,
            double variancePct,
            double coverage90,
            double oracleR2,
            double olsR2,
            double ridgeR2,
            double seconds,
            int rejected,
            int diverged,
            boolean auto,
            ProbabilisticScores distribution) {
        this(
                target,
                condition,
                method,
                patients,
                r2,
                r2Flat,
                r2Draw,
                variancePct,
                coverage90,
                oracleR2,
                olsR2,
                ridgeR2,
                seconds,
                rejected,
                diverged,
                auto,
                distribution,
                false,
                distribution);
    }
}
