package dev.coherent.audit;

import java.util.List;

/**
 * Audit figures of one method generating one target.
 *
 * @param precision share of unconditional generations inside the training records' k-NN manifold
 * @param recall share of training records inside the generations' manifold
 * @param energyDistance √(2E‖X−Y‖ − E‖X−X'‖ − E‖Y−Y'‖), generations X against training records Y
 * @param dcrCloserToTrainShare share of generations closer to a training than to a holdout record
 * @param miaAuc AUC separating training from holdout records by their (lower) denoising loss
 * @param r2Train conditional imputation R² on training patients
 * @param r2Holdout the same on holdout patients
 * @param ownDistanceAuc AUC separating training from holdout patients by how close their imputation
 *     falls to their own record
 * @param pass verdict against the thresholds; {@code reasons} says which limits were exceeded
 */
public record AuditResult(
        String method,
        String target,
        int k,
        int generated,
        int trainRecords,
        int holdoutRecords,
        double precision,
        double recall,
        double f1,
        double energyDistance,
        double dcrCloserToTrainShare,
        double dcrMedianTrain,
        double dcrMedianHoldout,
        double miaAuc,
        double r2Train,
        double r2Holdout,
        double r2Gap,
        double ownDistanceAuc,
        boolean pass,
        List<String> reasons,
        float[][] pcaTrain,
        float[][] pcaGenerated) {

    /** The verdict of this result against thresholds: which limits it exceeds. */
    public static List<String> violations(double f1, double miaAuc, double dcrShare, double r2Gap, AuditThresholds t) {
        List<String> reasons = new java.util.ArrayList<>();
        if (f1 > t.maxUnconditionalF1()) {
            reasons.add(String.format(
                    java.util.Locale.ROOT,
                    "unconditional F1 %.3f > %.3f: generation without conditions regenerates the training manifold",
                    f1,
                    t.maxUnconditionalF1()));
        }
        if (miaAuc > t.maxMiaAuc()) {
            reasons.add(String.format(
                    java.util.Locale.ROOT,
                    "membership-inference AUC %.3f > %.3f: training records have tellingly lower denoising loss",
                    miaAuc,
                    t.maxMiaAuc()));
        }
        if (dcrShare > t.maxDcrShare()) {
            reasons.add(String.format(
                    java.util.Locale.ROOT,
                    "%.0f%% of generations are closer to a training record than to a holdout one (limit %.0f%%)",
                    100 * dcrShare,
                    100 * t.maxDcrShare()));
        }
        if (r2Gap > t.maxR2Gap()) {
            reasons.add(String.format(
                    java.util.Locale.ROOT,
                    "imputations fit training patients better than new ones by %.3f R² (limit %.3f)",
                    r2Gap,
                    t.maxR2Gap()));
        }
        return reasons;
    }
}
