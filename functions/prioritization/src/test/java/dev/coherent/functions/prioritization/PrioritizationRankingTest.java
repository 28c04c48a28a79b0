package dev.coherent.functions.prioritization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.coherent.prioritization.PatientScore;
import dev.coherent.prioritization.ScoreKind;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Ranking, selection and the upload table on hand-made classifier outputs (no Quarkus, no model). */
class PrioritizationRankingTest {
    private static final List<String> CLASSES = List.of("I", "II", "III");

    /** Row 0 is the prediction without the modality, the others one per draw. */
    private static PatientScore score(String patient, String modality, float[]... probabilities) {
        return PatientScore.of(patient, modality, probabilities);
    }

    private static final PatientScore A_RNASEQ = score(
            "A",
            "rnaseq",
            new float[] {0.7f, 0.2f, 0.1f},
            new float[] {0.1f, 0.8f, 0.1f},
            new float[] {0.1f, 0.1f, 0.8f},
            new float[] {0.6f, 0.3f, 0.1f},
            new float[] {0.2f, 0.7f, 0.1f}); // 3 of 4 draws disagree
    private static final PatientScore A_WSI = score(
            "A",
            "wsi",
            new float[] {0.7f, 0.2f, 0.1f},
            new float[] {0.3f, 0.6f, 0.1f},
            new float[] {0.7f, 0.2f, 0.1f},
            new float[] {0.8f, 0.1f, 0.1f},
            new float[] {0.7f, 0.2f, 0.1f}); // 1 of 4
    private static final PatientScore B_RNASEQ = score(
            "B",
            "rnaseq",
            new float[] {0.1f, 0.1f, 0.8f},
            new float[] {0.1f, 0.2f, 0.7f},
            new float[] {0.1f, 0.1f, 0.8f},
            new float[] {0.5f, 0.1f, 0.4f},
            new float[] {0.2f, 0.6f, 0.2f}); // 2 of 4

    @Test
    void ranksByScorePerCostAndDescribesEachPair() {
        Ranking r = Ranking.of(
                List.of(A_RNASEQ, A_WSI, B_RNASEQ),
                Map.of("rnaseq", 1.0, "wsi", 0.2),
                ScoreKind.DISAGREEMENT,
                CLASSES,
                null);
        // per cost: A/rnaseq 0.75, A/wsi 0.25/0.2 = 1.25, B/rnaseq 0.5
        assertEquals(
                List.of("A/wsi", "A/rnaseq", "B/rnaseq"),
                r.entries().stream().map(e -> e.patient() + "/" + e.modality()).toList());
        assertEquals(
                List.of(1, 2, 3),
                r.entries().stream().map(PrioritizeResponse.Entry::rank).toList());
        PrioritizeResponse.Entry first = r.entries().get(0);
        assertEquals(1.25, first.scorePerCost(), 1e-9);
        assertEquals(0.25, first.score(), 0);
        assertEquals("I", first.baseline().predictedClass());
        assertEquals(0.7, first.baseline().probabilities().get("I"), 1e-6);
        assertEquals(Map.of("I", 3, "II", 1, "III", 0), first.drawPredictions());
        assertNull(r.selection());
    }

    @Test
    void aBudgetBuysGreedilyAndCountsExpectedChanges() {
        Ranking r = Ranking.of(
                List.of(A_RNASEQ, A_WSI, B_RNASEQ),
                Map.of("rnaseq", 1.0, "wsi", 0.2),
                ScoreKind.DISAGREEMENT,
                CLASSES,
                1.5);
        // A/wsi (0.2) and A/rnaseq (1.0) fit; B/rnaseq would bring it to 2.2.
        assertEquals(
                List.of(1, 2),
                r.selection().chosen().stream()
                        .map(PrioritizeResponse.Chosen::rank)
                        .toList());
        assertEquals(1.2, r.selection().totalCost(), 1e-9);
        assertEquals(0.25 + 0.75, r.selection().expectedChanges(), 1e-9);
    }

    @Test
    void theVarianceScoreCanOrderDifferently() {
        Ranking r = Ranking.of(List.of(A_WSI, B_RNASEQ), Map.of(), ScoreKind.VARIANCE, CLASSES, null);
        assertEquals(B_RNASEQ.variance(), r.entries().get(0).score(), 0);
        assertEquals(1.0, r.entries().get(0).cost(), 0, "a modality without a cost costs 1");
    }

    @Test
    void theUploadTableHasOneRowPerPairInRankOrder() {
        Ranking r = Ranking.of(List.of(A_RNASEQ, B_RNASEQ), Map.of(), ScoreKind.DISAGREEMENT, CLASSES, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RankedTables.writeTable(r.entries(), out);
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(
                "rank\tsample\tmodality\tscore\tscore_per_cost\tcost\tdisagreement\tvariance\tbaseline_prediction"
                        + "\tdiverged",
                lines[0]);
        assertEquals(3, lines.length);
        assertEquals(
                List.of("1", "A", "rnaseq", "0.75", "0.75", "1", "0.75"),
                List.of(lines[1].split("\t")).subList(0, 7));
        assertEquals("III", lines[2].split("\t")[8]);
        assertEquals("0", lines[2].split("\t")[9], "no diverged draws");
    }
}
