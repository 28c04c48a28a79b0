package dev.coherent.evaluation;

import dev.coherent.CoherentException;
import dev.coherent.diffusion.SamplerSettings;
import dev.coherent.metrics.Divergence;
import dev.coherent.metrics.ProbabilisticScores;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes evaluation rows as {@code evaluation.tsv} and a readable {@code evaluation.md}; the
 * markdown opens with a warning when any row has diverged draws.
 */
public final class EvaluationReport {
    public static final String TSV = "evaluation.tsv";
    public static final String MARKDOWN = "evaluation.md";
    static final String HEADER =
            "target\tcondition\tmethod\tr2\tr2_flat\tr2_draw\tvariance_pct\tcoverage90\toracle_r2\tols_r2\tridge_r2";

    private EvaluationReport() {}

    /**
     * The acceptance check against the oracle for each target and condition set: the best method's
     * r2 against the n-draw ceiling {@code oracle − (1 − oracle)/n} (the mean of n draws of a
     * perfect sampler keeps (1 − oracle)/n of the conditional variance) and against the linear
     * baseline less that same Monte Carlo share.
     */
    public record CeilingCheck(
            String target,
            String condition,
            String bestMethod,
            double bestR2,
            double ceiling,
            double olsBound,
            boolean withinNinetyPercent,
            boolean aboveLinear) {}

    public static List<CeilingCheck> ceilingChecks(List<EvaluationRow> rows, int draws) {
        java.util.Map<String, EvaluationRow> best = new java.util.LinkedHashMap<>();
        for (EvaluationRow r : rows) {
            String key = r.target() + "|" + r.condition();
            if (!best.containsKey(key) || r.r2() > best.get(key).r2()) {
                best.put(key, r);
            }
        }
        List<CeilingCheck> out = new java.util.ArrayList<>();
        for (EvaluationRow r : best.values()) {
            if (Double.isNaN(r.oracleR2())) {
                continue;
            }
            double mc = (1 - r.oracleR2()) / draws;
            double ceiling = r.oracleR2() - mc;
            double olsBound = r.olsR2() - mc;
            out.add(new CeilingCheck(
                    r.target(),
                    r.condition(),
                    r.method(),
                    r.r2(),
                    ceiling,
                    olsBound,
                    r.r2() >= 0.9 * ceiling,
                    r.r2() >= olsBound));
        }
        return out;
    }

    public static void write(List<EvaluationRow> rows, Path dir, String title, String settings) {
        write(rows, dir, title, settings, 0);
    }

    /** Writes both files; with {@code draws > 0} and oracle values, the markdown adds the ceiling check. */
    public static void write(List<EvaluationRow> rows, Path dir, String title, String settings, int draws) {
        write(rows, dir, title, settings, draws, null);
    }

    /**
     * Writes both files; with {@code draws > 0} and oracle values, the markdown adds the ceiling check,
     * and with diverged draws it opens with {@link Divergence#warning} for {@code sampler}.
     *
     * @param sampler the settings the rows were drawn with, for the warning; {@code null} if unknown
     */
    public static void write(
            List<EvaluationRow> rows, Path dir, String title, String settings, int draws, SamplerSettings sampler) {
        try {
            Files.createDirectories(dir);
            try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(dir.resolve(TSV)))) {
                w.println(HEADER + "\tpatients\tseconds\trejected\tdiverged\tauto" + DISTRIBUTION_HEADER
                        + CALIBRATION_HEADER);
                for (EvaluationRow r : rows) {
                    w.println(String.join(
                                    "\t",
                                    r.target(),
                                    r.condition(),
                                    r.method(),
                                    f(r.r2()),
                                    f(r.r2Flat()),
                                    f(r.r2Draw()),
                                    f(r.variancePct()),
                                    f(r.coverage90()),
                                    f(r.oracleR2()),
                                    f(r.olsR2()),
                                    f(r.ridgeR2()),
                                    Integer.toString(r.patients()),
                                    String.format(Locale.ROOT, "%.1f", r.seconds()),
                                    Integer.toString(r.rejected()),
                                    Integer.toString(r.diverged()),
                                    r.auto() ? "1" : "0")
                            + distributionColumns(r.distribution())
                            + calibrationColumns(r));
                }
            }
            try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(dir.resolve(MARKDOWN)))) {
                w.println("# " + title);
                w.println();
                w.println(settings);
                w.println();
                int diverged = divergedDraws(rows);
                if (diverged > 0) {
                    w.println(
                            "**Warning:** " + divergedRows(rows) + " of " + rows.size() + " rows have diverged draws: "
                                    + Divergence.warning(
                                            diverged,
                                            totalDraws(rows, draws),
                                            sampler != null ? sampler.describe() : "as above",
                                            SamplerSettings.DEFAULT.describe())
                                    + ".");
                    w.println();
                }
                w.println(
                        "| target | condition | method | auto | r2 | r2_flat | r2_draw | variance % | coverage90 | oracle_r2 | ols_r2 | ridge_r2 | diverged |");
                w.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
                for (EvaluationRow r : rows) {
                    w.println("| "
                            + String.join(
                                    " | ",
                                    r.target(),
                                    r.condition(),
                                    r.method(),
                                    r.auto() ? "✓" : "",
                                    f(r.r2()),
                                    f(r.r2Flat()),
                                    f(r.r2Draw()),
                                    f(r.variancePct()),
                                    f(r.coverage90()),
                                    f(r.oracleR2()),
                                    f(r.olsR2()),
                                    f(r.ridgeR2()),
                                    Integer.toString(r.diverged()))
                            + " |");
                }
                distributionTable(w, rows);
                List<CeilingCheck> checks = draws > 0 ? ceilingChecks(rows, draws) : List.of();
                if (!checks.isEmpty()) {
                    long pass = checks.stream()
                            .filter(c -> c.withinNinetyPercent() && c.aboveLinear())
                            .count();
                    w.println();
                    w.println("## Against the ceiling (" + draws + " draws)");
                    w.println();
                    w.println("ceiling = oracle_r2 − (1 − oracle_r2)/n; linear bound = ols_r2 − (1 − oracle_r2)/n. "
                            + pass + " of " + checks.size() + " rows meet both.");
                    w.println();
                    w.println(
                            "| target | condition | best method | r2 | 0.9 × ceiling | linear bound | ≥ 0.9 × ceiling | ≥ linear bound |");
                    w.println("|---|---|---|---|---|---|---|---|");
                    for (CeilingCheck c : checks) {
                        w.println("| "
                                + String.join(
                                        " | ",
                                        c.target(),
                                        c.condition(),
                                        c.bestMethod(),
                                        f(c.bestR2()),
                                        f(0.9 * c.ceiling()),
                                        f(c.olsBound()),
                                        c.withinNinetyPercent() ? "yes" : "**no**",
                                        c.aboveLinear() ? "yes" : "**no**")
                                + " |");
                    }
                }
            }
        } catch (IOException e) {
            throw new CoherentException("cannot write evaluation to " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The TSV's distribution columns, after the others (scripts reading the earlier ones keep working). */
    static final String DISTRIBUTION_HEADER =
            "\tcoverage50\tcoverage80\tcoverage95\twidth50\twidth80\twidth90\twidth95\tcrps\tenergy_score";

    private static String distributionColumns(ProbabilisticScores s) {
        return "\t"
                + String.join(
                        "\t",
                        f(s.coverageAt(0.5)),
                        f(s.coverageAt(0.8)),
                        f(s.coverageAt(0.95)),
                        f(s.widthAt(0.5)),
                        f(s.widthAt(0.8)),
                        f(s.widthAt(0.9)),
                        f(s.widthAt(0.95)),
                        f(s.crps()),
                        f(s.energy()));
    }

    /**
     * After the distribution columns: whether the coverage columns are of calibrated intervals, and
     * the coverage of the draws' own quantile intervals beside them.
     */
    static final String CALIBRATION_HEADER =
            "\tcalibrated\traw_coverage50\traw_coverage80\traw_coverage90\traw_coverage95";

    private static String calibrationColumns(EvaluationRow r) {
        ProbabilisticScores s = r.rawDistribution();
        return "\t"
                + String.join(
                        "\t",
                        r.calibrated() ? "1" : "0",
                        f(s.coverageAt(0.5)),
                        f(s.coverageAt(0.8)),
                        f(s.coverageAt(0.9)),
                        f(s.coverageAt(0.95)));
    }

    /** The distribution scores of every row: calibration of the intervals and the proper scores. */
    private static void distributionTable(PrintWriter w, List<EvaluationRow> rows) {
        w.println();
        w.println("## The draws as a distribution");
        w.println();
        w.println("Coverage of the central intervals an imputation answers with at each level (with the mean width"
                + " of the 90% interval, standardized units): the model set's conformal calibration where `calibrated`,"
                + " else the draws' quantiles; `raw 90%` is the coverage of the draws' own 90% interval. Then the"
                + " proper scores of the draws (lower is better): CRPS per feature and the energy score of the whole"
                + " modality vector.");
        w.println();
        w.println(
                "| target | condition | method | calibrated | coverage 50% | 80% | 90% | 95% | width 90% | raw 90% | CRPS"
                        + " | energy score |");
        w.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (EvaluationRow r : rows) {
            ProbabilisticScores s = r.distribution();
            w.println("| "
                    + String.join(
                            " | ",
                            r.target(),
                            r.condition(),
                            r.method(),
                            r.calibrated() ? "✓" : "",
                            f(s.coverageAt(0.5)),
                            f(s.coverageAt(0.8)),
                            f(s.coverageAt(0.9)),
                            f(s.coverageAt(0.95)),
                            f(s.widthAt(0.9)),
                            f(r.rawDistribution().coverageAt(0.9)),
                            f(s.crps()),
                            f(s.energy()))
                    + " |");
        }
    }

    /** Diverged draws over every row. */
    public static int divergedDraws(List<EvaluationRow> rows) {
        return rows.stream().mapToInt(EvaluationRow::diverged).sum();
    }

    /** Draws of every row ({@code patients × draws}); 0 when {@code draws} is unknown (0). */
    public static long totalDraws(List<EvaluationRow> rows, int draws) {
        return rows.stream().mapToLong(r -> (long) r.patients() * draws).sum();
    }

    /** Rows with at least one diverged draw. */
    public static long divergedRows(List<EvaluationRow> rows) {
        return rows.stream().filter(r -> r.diverged() > 0).count();
    }

    static String f(double v) {
        return Double.isNaN(v) ? "NA" : String.format(Locale.ROOT, "%.4f", v);
    }
}
