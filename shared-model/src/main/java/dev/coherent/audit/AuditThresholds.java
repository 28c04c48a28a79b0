package dev.coherent.audit;

/**
 * Limits a released model set must stay within.
 *
 * @param maxUnconditionalF1 k-NN manifold F1 of unconditional generations against training records
 * @param maxMiaAuc membership-inference AUC of per-record denoising losses (0.5 = no signal)
 * @param maxDcrShare share of generations closer to a training record than to a holdout record (0.5 ideal)
 * @param maxR2Gap conditional imputation R² on training patients minus R² on holdout patients
 */
public record AuditThresholds(double maxUnconditionalF1, double maxMiaAuc, double maxDcrShare, double maxR2Gap) {
    public static final AuditThresholds DEFAULT = new AuditThresholds(0.05, 0.60, 0.60, 0.05);
}
