package dev.coherent.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coherent.diffusion.SamplerSettings;
import dev.coherent.metrics.ProbabilisticScores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationReportTest {
    private static EvaluationRow row(String cond, String method, double r2, double oracle, double ols) {
        return row(cond, method, r2, oracle, ols, 0);
    }

    private static EvaluationRow row(String cond, String method, double r2, double oracle, double ols, int diverged) {
        return new EvaluationRow(
                "rnaseq",
                cond,
                method,
                100,
                r2,
                0,
                0,
                1,
                0.9,
                oracle,
                ols,
                ols,
                1,
                0,
                diverged,
                method.equals("linear"),
                new ProbabilisticScores(new double[] {0.5, 0.8, 0.9, 0.95}, new double[] {1, 2, 3, 4}, 0.25, 2.5));
    }

    @Test
    void ceilingCheckUsesTheBestMethodAndTheDrawCeiling() {
        List<EvaluationRow> rows = List.of(
                row("rppa", "single", 0.60, 0.70, 0.69),
                row("rppa", "multi", 0.66, 0.70, 0.69),
                row("cna", "multi", 0.20, 0.40, 0.39));
        List<EvaluationReport.CeilingCheck> checks = EvaluationReport.ceilingChecks(rows, 20);
        assertEquals(2, checks.size());
        EvaluationReport.CeilingCheck rppa = checks.get(0);
        assertEquals("multi", rppa.bestMethod());
        assertEquals(0.70 - 0.30 / 20, rppa.ceiling(), 1e-12);
        assertEquals(0.69 - 0.30 / 20, rppa.olsBound(), 1e-12);
        assertTrue(rppa.withinNinetyPercent()); // 0.66 >= 0.9 * 0.685
        assertFalse(rppa.aboveLinear()); // 0.66 < 0.675
        assertFalse(checks.get(1).withinNinetyPercent()); // 0.20 < 0.9 * 0.37
    }

    @Test
    void writesTsvAndMarkdownWithTheCheck(@TempDir Path dir) throws Exception {
        EvaluationReport.write(List.of(row("rppa", "single", 0.6, Double.NaN, 0.5)), dir, "t", "s", 20);
        List<String> tsv = Files.readAllLines(dir.resolve(EvaluationReport.TSV));
        assertEquals(2, tsv.size());
        assertTrue(tsv.get(1).startsWith("rnaseq\trppa\tsingle\t0.6000\t"));
        assertTrue(tsv.get(1).contains("\tNA\t0.5000\t"));
        // No oracle value: no ceiling section.
        assertFalse(Files.readString(dir.resolve(EvaluationReport.MARKDOWN)).contains("Against the ceiling"));
        assertTrue(tsv.get(0).contains("\trejected\tdiverged\tauto\tcoverage50\t"), tsv.get(0));
        assertTrue(
                tsv.get(0)
                        .endsWith("\tcrps\tenergy_score\tcalibrated\traw_coverage50\traw_coverage80"
                                + "\traw_coverage90\traw_coverage95"),
                tsv.get(0));
        assertTrue(
                tsv.get(1)
                        .contains("\t0\t0\t0\t0.5000\t0.8000\t0.9500\t1.0000\t2.0000\t3.0000\t4.0000\t0.2500\t2.5000"
                                + "\t0\t0.5000\t0.8000\t0.9000\t0.9500"),
                tsv.get(1));
        assertTrue(
                Files.readString(dir.resolve(EvaluationReport.MARKDOWN))
                        .contains(
                                "| rnaseq | rppa | single |  | 0.5000 | 0.8000 | 0.9000 | 0.9500 | 3.0000 | 0.9000 | 0.2500 | 2.5000 |"));
        assertFalse(Files.readString(dir.resolve(EvaluationReport.MARKDOWN)).contains("Warning"));
    }

    @Test
    void calibratedRowsReportTheirCoverageWithTheRawCoverageBeside(@TempDir Path dir) throws Exception {
        ProbabilisticScores raw =
                new ProbabilisticScores(new double[] {0.3, 0.55, 0.65, 0.72}, new double[] {1, 2, 3, 4}, 0.25, 2.5);
        ProbabilisticScores calibrated =
                new ProbabilisticScores(new double[] {0.51, 0.79, 0.91, 0.95}, new double[] {2, 3, 5, 6}, 0.25, 2.5);
        EvaluationRow row = new EvaluationRow(
                "rnaseq",
                "rppa",
                "multi",
                100,
                0.6,
                0,
                0,
                1,
                0.91,
                0.7,
                0.5,
                0.55,
                1,
                0,
                0,
                true,
                calibrated,
                true,
                raw);
        EvaluationReport.write(List.of(row), dir, "t", "s", 20);
        List<String> tsv = Files.readAllLines(dir.resolve(EvaluationReport.TSV));
        assertTrue(tsv.get(1).contains("\t0.9100\t0.7000\t0.5000\t0.5500\t"), tsv.get(1));
        assertTrue(
                tsv.get(1)
                        .endsWith("\t0.5100\t0.7900\t0.9500\t2.0000\t3.0000\t5.0000\t6.0000\t0.2500\t2.5000"
                                + "\t1\t0.3000\t0.5500\t0.6500\t0.7200"),
                tsv.get(1));
        assertTrue(
                Files.readString(dir.resolve(EvaluationReport.MARKDOWN))
                        .contains(
                                "| rnaseq | rppa | multi | ✓ | 0.5100 | 0.7900 | 0.9100 | 0.9500 | 5.0000 | 0.6500 | 0.2500 | 2.5000 |"));
    }

    @Test
    void theMethodAutoAnswersWithIsMarked(@TempDir Path dir) throws Exception {
        EvaluationReport.write(
                List.of(row("rppa", "single", 0.6, 0.7, 0.5), row("rppa", "linear", 0.62, 0.7, 0.5)),
                dir,
                "t",
                "s",
                20);
        List<String> tsv = Files.readAllLines(dir.resolve(EvaluationReport.TSV));
        assertTrue(tsv.get(1).contains("\t0\t0\t0.5000") && tsv.get(2).contains("\t0\t1\t0.5000"), tsv.toString());
        assertTrue(Files.readString(dir.resolve(EvaluationReport.MARKDOWN)).contains("| rnaseq | rppa | linear | ✓ |"));
    }

    @Test
    void divergedDrawsAreAColumnAndTheMarkdownWarnsNamingTheSampler(@TempDir Path dir) throws Exception {
        SamplerSettings deterministic = SamplerSettings.ddim(100);
        EvaluationReport.write(
                List.of(row("rppa", "single", 0.1, 0.7, 0.5, 300), row("cna", "multi", 0.2, 0.4, 0.3)),
                dir,
                "t",
                "s",
                10,
                deterministic);
        List<String> tsv = Files.readAllLines(dir.resolve(EvaluationReport.TSV));
        assertTrue(tsv.get(1).contains("\t300\t0\t0.5000"), tsv.get(1));
        assertTrue(tsv.get(2).contains("\t0\t0\t0.5000"), tsv.get(2));
        String md = Files.readString(dir.resolve(EvaluationReport.MARKDOWN));
        assertTrue(md.contains("**Warning:** 1 of 2 rows have diverged draws: 300 of 2000 draws diverged"), md);
        assertTrue(md.contains("ddim, 100 steps, eta 0.0, variance fixed"), md);
        assertTrue(md.contains("the safe default is ddim, 50 steps, eta 1.0, variance auto"), md);
        assertTrue(md.contains("| rnaseq | rppa | single | 0.1000 |"), md);
        assertTrue(md.contains(" | 300 |"), md);
    }
}
