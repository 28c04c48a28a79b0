package dev.coherent.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationReportTest {
    private static EvaluationRow row(String cond, String method, double r2, double oracle, double ols) {
        return new EvaluationRow("rnaseq", cond, method, 100, r2, 0, 0, 1, 0.9, oracle, ols, 1, 0);
    }

    @Test
    void ceilingCheckUsesTheBestMethodAndTheDrawCeiling() {
        List<EvaluationRow> rows = List.of(row("rppa", "single", 0.60, 0.70, 0.69), row("rppa", "multi", 0.66, 0.70, 0.69),
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
    }
}
