package dev.coherent.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coherent.diffusion.SamplerSettings;
import dev.coherent.modelset.ImputationMethod;
import dev.coherent.modelset.ModelSet;
import dev.coherent.testutil.ModelSetFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivacyAuditTest {

    @Test
    void auditsEveryTargetAndMethodAndRendersBothReports(@TempDir Path dir) throws Exception {
        try (ModelSet set = ModelSet.load(ModelSetFixture.modelSet())) {
            AuditReference ref = AuditReference.build(set, ModelSetFixture.cohort(), 300, 200, 1);
            ref.write(dir.resolve("ref"), set, 1);
            AuditReference reread = AuditReference.read(dir.resolve("ref"), set);
            assertEquals(ref.train().size(), reread.train().size());
            assertEquals(
                    ref.holdout().get(3).get("cna")[5], reread.holdout().get(3).get("cna")[5], 1e-5);

            AuditConfig config = new AuditConfig(
                    List.of(ImputationMethod.COHERENT, ImputationMethod.MULTI),
                    120,
                    5,
                    3,
                    SamplerSettings.ddim(10).withEta(1.0),
                    new int[] {20, 200},
                    2,
                    AuditThresholds.DEFAULT);
            List<AuditResult> seen = new ArrayList<>();
            PrivacyAudit.Report report = new PrivacyAudit(set, config).run(reread, seen::add);
            assertEquals(8, report.results().size());
            assertEquals(8, seen.size());
            for (AuditResult r : report.results()) {
                assertEquals(120, r.generated());
                assertTrue(r.precision() >= 0 && r.precision() <= 1 && r.recall() >= 0 && r.recall() <= 1);
                assertTrue(r.energyDistance() > 0, "generations are not copies of the records");
                assertTrue(
                        r.miaAuc() > 0.3 && r.miaAuc() < 0.8,
                        "a small model has little membership signal: " + r.miaAuc());
                assertTrue(Double.isFinite(r.r2Train()) && Double.isFinite(r.r2Holdout()));
                assertEquals(r.reasons().isEmpty(), r.pass());
            }
            assertEquals(report.results().stream().allMatch(AuditResult::pass), report.pass());

            JsonNode json = new ObjectMapper().readTree(AuditReportWriter.json(report));
            JsonNode first = json.get("results").get(0);
            for (String field : List.of(
                    "precision",
                    "recall",
                    "f1",
                    "energy_distance",
                    "dcr_closer_to_train_share",
                    "mia_auc",
                    "verdict")) {
                assertTrue(first.has(field), field);
            }
            assertEquals("fixture", json.get("model_set").get("version").asText());
            assertTrue(
                    json.get("methods").has("coherent") && json.get("methods").has("multi"));
            String html = new String(AuditReportWriter.html(report), StandardCharsets.UTF_8);
            assertTrue(html.contains("<svg") && html.contains("<circle"), "scatter plots are inline");
            assertTrue(!html.contains("<script") && !html.contains("src=\"http"), "self-contained");
        }
    }
}
