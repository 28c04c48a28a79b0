package dev.coherent.evaluation;

import dev.coherent.CoherentException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes a cross-validation as {@code <name>.tsv} (one row per fold and query) and a readable {@code <name>.md}. */
public final class CrossValidationReport {
    /**
     * How far below the ridge baseline the diffusion score may fall and still count as matching it
     * (about the spread of a fold-averaged R² on these cohorts).
     */
    public static final double RIDGE_MARGIN = 0.02;

    private CrossValidationReport() {}

    /**
     * Writes both files into {@code dir}.
     *
     * @param command the command line that produced it, quoted in the markdown
     * @param settings one paragraph: model, sampler, draws, seed, machine and wall time
     * @param note free text added under the settings (e.g. what else ran on the machine), or {@code null}
     */
    public static void write(
            CrossValidation.Result result, Path dir, String name, String command, String settings, String note) {
        try {
            Files.createDirectories(dir);
            try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(dir.resolve(name + ".tsv")))) {
                w.println("fold\ttarget\tconditions\tpatients\tvarying_features\tdiffusion_r2\tfeature_mean_r2\tknn_r2"
                        + "\tridge_r2\tautoencoder_ceiling_r2");
                for (CrossValidation.FoldRow r : result.foldRows()) {
                    w.printf(
                            Locale.ROOT,
                            "%d\t%s\t%s\t%d\t%d\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f%n",
                            r.fold() + 1,
                            r.target(),
                            r.conditions(),
                            r.patients(),
                            r.features(),
                            r.model(),
                            r.featureMean(),
                            r.knn(),
                            r.ridge(),
                            r.ceiling());
                }
            }
            try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(dir.resolve(name + ".md")))) {
                markdown(w, result, name, command, settings, note);
            }
        } catch (IOException e) {
            throw new CoherentException(
                    "cannot write the cross-validation report to " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void markdown(
            PrintWriter w, CrossValidation.Result result, String name, String command, String settings, String note) {
        int folds = result.folds().size();
        w.printf(Locale.ROOT, "# %s: %d-fold cross-validation in raw space%n%n", name, folds);
        w.println("Produced by");
        w.println();
        w.println("```bash");
        w.println(command);
        w.println("```");
        w.println();
        w.println(settings);
        if (note != null && !note.isBlank()) {
            w.println();
            w.println(note);
        }
        w.println();
        w.println("Each fold is the test split once; the other patients are split into training and a validation");
        w.println(
                "share (early stopping of the autoencoders, selection of the denoisers). Preprocessing, autoencoders");
        w.println("and denoisers are fitted on the fold's training patients only, exactly as `coherent train` does.");
        w.println("Test patients are imputed from their raw condition modalities through the raw path (preprocess");
        w.println("with the stored parameters, encode, impute, decode every draw); the score is the per-feature R²");
        w.println("of the mean of the decoded draws against the patient's own preprocessed target, averaged over the");
        w.println("features that vary among the fold's test patients, then averaged over folds.");
        w.println();
        w.println("- **diffusion**: the model set's imputation (± the standard deviation over folds).");
        w.println(
                "- **feature mean**: every feature's mean over the non-test patients (R² near 0 or below by construction).");
        w.println("- **KNN**: the mean target of the nearest non-test patients on the condition modalities");
        w.println("  (standardized features, every condition modality weighing the same).");
        w.println("- **ridge**: a multi-output ridge regression from the same standardized condition features (every");
        w.println(
                "  modality weighing the same) to the target's features, fitted on the non-test patients, its penalty");
        w.println(
                "  chosen by 5-fold cross-validation among them: the linear model the diffusion imputation has to beat.");
        w.printf(
                Locale.ROOT,
                "- **≥ ridge**: whether the diffusion R² is at least the ridge R² − %.2f.%n",
                RIDGE_MARGIN);
        w.println("- **AE ceiling**: the held-out target encoded and decoded; no imputation from the latent space can");
        w.println("  beat what the decoder can express, so this bounds the diffusion column.");
        w.println();
        w.println("| target | conditions | test patients | folds | diffusion R² | feature mean R² | KNN R² | ridge R² "
                + "| ≥ ridge | AE ceiling R² |");
        w.println("|---|---|---|---|---|---|---|---|---|---|");
        int beatsMean = 0;
        int beatsKnn = 0;
        int matchesRidge = 0;
        int withRidge = 0;
        int scored = 0;
        for (CrossValidation.Row r : result.rows()) {
            w.printf(
                    Locale.ROOT,
                    "| %s | %s | %d | %d | %s ± %s | %s | %s | %s | %s | %s |%n",
                    r.target(),
                    r.conditions(),
                    r.patients(),
                    r.folds(),
                    num(r.model()),
                    num(r.modelSd()),
                    num(r.featureMean()),
                    num(r.knn()),
                    num(r.ridge()),
                    matchesRidge(r),
                    num(r.ceiling()));
            if (!Double.isNaN(r.model())) {
                scored++;
                beatsMean += r.model() > r.featureMean() ? 1 : 0;
                beatsKnn += r.model() > r.knn() ? 1 : 0;
                if (!Double.isNaN(r.ridge())) {
                    withRidge++;
                    matchesRidge += matchesRidge(r).equals("yes") ? 1 : 0;
                }
            }
        }
        w.println();
        w.printf(
                Locale.ROOT,
                "The diffusion imputation scores above the feature mean in %d of %d rows, above KNN in %d"
                        + " of %d rows, and at least ridge − %.2f in %d of %d rows.%n",
                beatsMean,
                scored,
                beatsKnn,
                scored,
                RIDGE_MARGIN,
                matchesRidge,
                withRidge);
        w.println();
        w.println("## Folds");
        w.println();
        List<String> modalities = result.folds().isEmpty()
                ? List.of()
                : List.copyOf(result.folds().get(0).encoderR2().keySet());
        StringBuilder head = new StringBuilder("| fold | train | validation | test |");
        StringBuilder rule = new StringBuilder("|---|---|---|---|");
        for (String m : modalities) {
            head.append(" AE R² ").append(m).append(" |");
            rule.append("---|");
        }
        head.append(" seconds |");
        rule.append("---|");
        w.println(head);
        w.println(rule);
        for (CrossValidation.FoldInfo f : result.folds()) {
            StringBuilder line = new StringBuilder();
            line.append(String.format(
                    Locale.ROOT, "| %d | %d | %d | %d |", f.fold() + 1, f.train(), f.validation(), f.test()));
            for (Map.Entry<String, Double> e : f.encoderR2().entrySet()) {
                line.append(' ').append(num(e.getValue())).append(" |");
            }
            line.append(String.format(Locale.ROOT, " %.0f |", f.seconds()));
            w.println(line);
        }
        w.println();
        w.println("AE R²: the autoencoder's reconstruction R² on the fold's validation patients (preprocessed space).");
        w.println("Per-fold rows, with the number of varying features scored, are in `" + name + ".tsv`.");
    }

    /** {@code yes} when the diffusion R² is at least the ridge R² − {@link #RIDGE_MARGIN}, {@code n/a} without both. */
    static String matchesRidge(CrossValidation.Row r) {
        if (Double.isNaN(r.model()) || Double.isNaN(r.ridge())) {
            return "n/a";
        }
        return r.model() >= r.ridge() - RIDGE_MARGIN ? "yes" : "no";
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
    }
}
