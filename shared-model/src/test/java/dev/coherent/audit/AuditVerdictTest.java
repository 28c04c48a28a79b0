package dev.coherent.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AuditVerdictTest {
    private final AuditThresholds limits = new AuditThresholds(0.05, 0.60, 0.60, 0.05);

    @Test
    void withinEveryLimitPasses() {
        assertTrue(AuditResult.violations(0.05, 0.60, 0.60, 0.05, limits).isEmpty(), "limits are inclusive");
        assertTrue(AuditResult.violations(0.0, 0.5, 0.5, -0.02, limits).isEmpty());
    }

    @Test
    void eachExceededLimitGivesItsOwnReason() {
        List<String> reasons = AuditResult.violations(0.14, 0.72, 0.66, 0.09, limits);
        assertEquals(4, reasons.size());
        assertTrue(reasons.get(0).startsWith("unconditional F1 0.140 > 0.050"), reasons.get(0));
        assertTrue(reasons.get(1).startsWith("membership-inference AUC 0.720 > 0.600"), reasons.get(1));
        assertTrue(reasons.get(2).startsWith("66% of generations are closer to a training record"), reasons.get(2));
        assertTrue(reasons.get(3).contains("by 0.090 R²"), reasons.get(3));
        assertEquals(List.of(reasons.get(1)), AuditResult.violations(0.01, 0.72, 0.5, 0.0, limits));
    }
}
