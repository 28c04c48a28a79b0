package dev.coherent.metrics;

/**
 * The divergence guard: whether one patient's draws of one modality spread far beyond the training
 * data, the mark of a sampler setting that does not work for the model (deterministic DDIM on a
 * learned noise predictor is the usual one).
 *
 * <p>The rule works in the model set's standardized space, where the training data have mean 0
 * and variance 1 per feature. The draws of one patient and modality have <em>diverged</em> when
 * any value is not finite, or when, with at least {@value #MIN_DRAWS} draws, their variance across
 * draws, averaged over the features ({@link #spread}), exceeds {@value #MAX_SPREAD}: three times
 * the whole training population's variance, for what should be one patient's conditional
 * uncertainty (at most the population's, on average). Every draw of a diverged set counts as
 * diverged; a set either is or is not.
 *
 * <p>Why the spread of a patient's draws and not each draw's own mean square: single draws of a
 * working sampler have heavy tails. Measured (10 draws of up to 40 test patients per target, one
 * and all other modalities as conditions, coherent and multi) on the quickstart model set of
 * {@code synthetic-pancancer-small}: real patients' mean square per feature is at most 2.4 (test 2.36,
 * training 2.23), yet 1.2% of the reference's 1000-step DDPM draws exceed 3 (the largest 14.6), as
 * do 1.6% of the default's, so a per-draw rule would flag the reference. The spread separates
 * cleanly: its largest value over 1280 patient-modalities is 2.28 with the default (DDIM 50 steps,
 * η 1, auto variance), 2.02 with DDPM, 2.94 with 10-step stochastic DDIM and 1.15 with the linear
 * method, while deterministic DDIM has a median of 6.65 at 100 steps (92% above 3, as with η 0 and
 * the auto variance), 6.42 at 50 (91%) and 4.17 at 10 (76%). On the real {@code tcga-acc-mini}
 * cohort (PCA codes, 416 patient-modalities) the default's largest spread is 2.33 and DDPM's 1.77,
 * while deterministic DDIM at 100 steps has 52% above 3. With two draws the estimate is noisy (one
 * of 4448 default sets above 3); from four draws on no default set was. The guard also fires on a
 * model that is itself broken: on a set trained for only 60 epochs, 128 of 240 draws of cna from
 * wsi (single model, R² −0.80) diverged under 20-step stochastic DDIM. The tables and the program
 * that makes them are in {@code docs/results/divergence.md} and {@code bench/divergence.sh}.
 *
 * <p>A single draw has no spread: only a non-finite one is counted. Use the guard on every
 * report of draws; a run with diverged draws should say so and name its sampler settings.
 */
public final class Divergence {
    /** Largest mean per-feature variance across one patient's draws, in training variances. */
    public static final double MAX_SPREAD = 3.0;
    /** Draws needed to judge the spread. */
    public static final int MIN_DRAWS = 2;

    private Divergence() {}

    /**
     * The population variance across draws of each feature, averaged over the features; {@code NaN}
     * with fewer than {@value #MIN_DRAWS} draws, and not finite when a draw is not.
     *
     * @param draws one patient's draws of one modality, standardized, [draw][feature]
     */
    public static double spread(float[][] draws) {
        int d = Matrices.columns(draws, "draws");
        int n = draws.length;
        if (n < MIN_DRAWS || d == 0) {
            return Double.NaN;
        }
        double[] cell = new double[n];
        double sum = 0;
        for (int j = 0; j < d; j++) {
            Matrices.column(draws, j, cell);
            sum += Moments.populationVariance(cell, n);
        }
        return sum / d;
    }

    /** Whether these draws of one patient and modality diverged (see the class comment). */
    public static boolean diverged(float[][] draws) {
        for (float[] draw : draws) {
            for (float v : draw) {
                if (!Float.isFinite(v)) {
                    return true;
                }
            }
        }
        return draws.length >= MIN_DRAWS && spread(draws) > MAX_SPREAD;
    }

    /** How many of these draws of one patient and modality count as diverged: all of them, or none. */
    public static int divergedDraws(float[][] draws) {
        return diverged(draws) ? draws.length : 0;
    }

    /**
     * What a run with diverged draws should say: how many, what that means and which settings
     * caused it, for a warning or a report.
     *
     * @param draws all draws of the run; 0 if unknown
     * @param settings the sampler settings as the user knows them, e.g. {@code SamplerSettings.describe()}
     * @param safeDefault the safe default's settings, described the same way
     */
    public static String warning(long diverged, long draws, String settings, String safeDefault) {
        return (draws > 0 ? diverged + " of " + draws : Long.toString(diverged)) + " draws diverged (their spread"
                + " across draws is more than " + (int) MAX_SPREAD
                + " times the training data's variance) with sampler "
                + settings + ": such draws are noise, not imputations, so the settings do not work for this model set"
                + " (or its models are undertrained); the safe default is " + safeDefault;
    }
}
