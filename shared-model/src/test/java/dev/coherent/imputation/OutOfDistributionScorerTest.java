package dev.coherent.imputation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coherent.cohort.Split;
import dev.coherent.diffusion.SamplerSettings;
import dev.coherent.evaluation.OutOfDistributionCheck;
import dev.coherent.metrics.Roc;
import dev.coherent.modelset.ImputationMethod;
import dev.coherent.modelset.ModelSet;
import dev.coherent.modelset.StandardizedCohort;
import dev.coherent.testutil.ModelSetFixture;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class OutOfDistributionScorerTest {

    /**
     * Clean test patients, and the same vectors broken the ways real inputs break, in every modality.
     * A rotation is only visible where the covariance is far from isotropic: the synthetic RNA-seq
     * is mostly shared factors (AUROC 0.99), its CNA mostly independent noise, so rotated CNA codes
     * look like clean ones (0.58; RPPA 0.95, WSI 0.90). Clean test patients, drawn from complete patients only,
     * are flagged more often than the nominal 1% (up to 8% for RPPA here): issue 15 stays open on it.
     */
    @Test
    void scaledShiftedAndRotatedInputsScoreAboveCleanOnesAndCleanOnesRarelyFlag() {
        try (ModelSet set = ModelSet.load(ModelSetFixture.modelSet())) {
            List<OutOfDistributionCheck.Row> rows = OutOfDistributionCheck.run(set, ModelSetFixture.cohort(), null, 5);
            assertEquals(set.modalities(), rows.stream().map(OutOfDistributionCheck.Row::modality).toList());
            for (OutOfDistributionCheck.Row r : rows) {
                assertTrue(r.falseFlags() <= 0.1, r.toString());
                assertTrue(r.aucScaled() >= 0.95 && r.aucShifted() >= 0.95, r.toString());
                assertTrue(r.aucRotated() > 0.55, r.toString());
                if (r.modality().equals("rnaseq")) {
                    assertTrue(r.aucRotated() >= 0.95, r.toString());
                }
                assertTrue(Double.isNaN(r.aucOtherCohort()) && r.otherPatients() == 0, r.toString());
            }
        }
    }

    @Test
    void everyImputedPatientCarriesItsVerdictNamingTheMostUnusualModality() {
        try (ModelSet set = ModelSet.load(ModelSetFixture.modelSet())) {
            StandardizedCohort data = StandardizedCohort.of(set, ModelSetFixture.cohort());
            int i = data.having(Split.TEST, set.modalities())[0];
            float[] cna = set.scaler("cna").inverse(data.row("cna", i));
            float[] wsi = set.scaler("wsi").inverse(data.row("wsi", i));
            float[] badWsi = wsi.clone();
            for (int j = 0; j < badWsi.length; j++) {
                badWsi[j] = 50 * badWsi[j]; // wrong units
            }
            ImputationResult r = new Imputer(set).impute(new ImputationRequest(List.of(
                    new PatientInput("clean", Map.of("cna", cna, "wsi", wsi)),
                    new PatientInput("broken", Map.of("cna", cna, "wsi", badWsi))), List.of("rnaseq"),
                    ImputationMethod.LINEAR, 2, 1, 0.9, SamplerSettings.DEFAULT, false));
            OutOfDistribution clean = r.patients().get(0).ood();
            OutOfDistribution broken = r.patients().get(1).ood();
            assertEquals(Map.of("cna", clean.modalities().get("cna"), "wsi", clean.modalities().get("wsi")),
                    clean.modalities());
            assertTrue(broken.flagged());
            assertEquals("wsi", broken.modality());
            assertEquals(broken.modalities().get("wsi"), broken.score());
            assertTrue(broken.score() > 10 * clean.score());
        }
    }
}
