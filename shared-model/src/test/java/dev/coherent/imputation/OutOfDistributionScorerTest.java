package dev.coherent.imputation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coherent.cohort.Split;
import dev.coherent.diffusion.SamplerSettings;
import dev.coherent.evaluation.OutOfDistributionCheck;
import dev.coherent.json.Json;
import dev.coherent.modelset.ImputationMethod;
import dev.coherent.modelset.ModelSet;
import dev.coherent.modelset.StandardizedCohort;
import dev.coherent.store.ModelSetLayout;
import dev.coherent.testutil.ModelSetFixture;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutOfDistributionScorerTest {

    /**
     * Clean test patients, and the same vectors broken the ways real inputs break, in every modality.
     * Scored alone, a rotation is only visible where the covariance is far from isotropic: the
     * synthetic RNA-seq is mostly shared factors, its CNA mostly independent noise, so rotated CNA
     * codes alone look like clean ones. Scored with the patient's other modalities, a rotated vector
     * also disagrees with them, which every modality shows, CNA (little related to the others) least.
     */
    @Test
    void scaledShiftedAndRotatedInputsScoreAboveCleanOnesAndCleanOnesRarelyFlag() {
        try (ModelSet set = ModelSet.load(ModelSetFixture.modelSet())) {
            List<OutOfDistributionCheck.Row> rows = OutOfDistributionCheck.run(set, ModelSetFixture.cohort(), null, 5);
            assertEquals(
                    set.modalities(),
                    rows.stream().map(OutOfDistributionCheck.Row::modality).toList());
            for (OutOfDistributionCheck.Row r : rows) {
                // The threshold of the largest disagreement on held-out patients: about 1% (here 4 of 139).
                assertTrue(r.falseFlags() <= 0.03, r.toString());
                assertTrue(r.aucScaled() >= 0.95 && r.aucShifted() >= 0.95, r.toString());
                assertTrue(r.aucRotatedAlone() > 0.55, r.toString());
                // The other modalities help the rotation stand out.
                assertTrue(r.aucRotated() > r.aucRotatedAlone(), r.toString());
                if (!r.modality().equals("cna")) {
                    assertTrue(r.aucRotated() >= 0.95, r.toString());
                }
                assertTrue(Double.isNaN(r.aucOtherCohort()) && r.otherPatients() == 0, r.toString());
            }
        }
    }

    /**
     * CNA is weakly tied to the other modalities, so its rotated codes lie barely farther from their
     * prediction given the others than clean ones do. Their log-likelihood ratio against the others,
     * set against the held-out threshold of patients with the same modalities, sees them; a set
     * without those thresholds (trained before them) falls back to the distance from the prediction.
     */
    @Test
    void disagreementWithTheOtherModalitiesSeesARotationThatTheDistanceFromThePredictionMisses(@TempDir Path tmp)
            throws IOException {
        Path older = ModelSetFixture.copy(tmp.resolve("set"));
        Path manifest = older.resolve(ModelSetLayout.MANIFEST);
        ObjectNode json = (ObjectNode) Json.MAPPER.readTree(manifest.toFile());
        // Every set of two to four of the four modalities has its threshold.
        assertEquals(11, json.remove("out_of_distribution").size());
        Json.MAPPER.writeValue(manifest.toFile(), json);
        try (ModelSet current = ModelSet.load(ModelSetFixture.modelSet());
                ModelSet before = ModelSet.load(older)) {
            OutOfDistributionCheck.Row now = OutOfDistributionCheck.run(current, ModelSetFixture.cohort(), null, 5)
                    .get(0);
            OutOfDistributionCheck.Row was = OutOfDistributionCheck.run(before, ModelSetFixture.cohort(), null, 5)
                    .get(0);
            assertEquals("cna", now.modality());
            assertTrue(now.aucRotated() >= 0.85, now + " against " + was);
            assertTrue(now.aucRotated() > was.aucRotated() + 0.1, now + " against " + was);
            assertTrue(was.falseFlags() <= 0.03 && was.aucScaled() >= 0.95 && was.aucShifted() >= 0.95, was.toString());
        }
    }

    @Test
    void thresholdsWidenForSeveralModalitiesAsTheChiSquareQuantilesDo() {
        assertEquals(1, OutOfDistributionScorer.multipleTestingFactor(32, 1, 0.01));
        // Two degrees of freedom: the quantile at p is −2 ln(1 − p).
        assertEquals(Math.log(400) / Math.log(100), OutOfDistributionScorer.multipleTestingFactor(2, 4, 0.01), 1e-6);
        double three = OutOfDistributionScorer.multipleTestingFactor(32, 3, 0.01);
        assertTrue(three > 1 && three < OutOfDistributionScorer.multipleTestingFactor(32, 4, 0.01), "factor " + three);
    }

    /**
     * RPPA in other units next to RNA-seq, which is strongly tied to it: each disagrees with the
     * other as much, but only RPPA is out of range by itself, so the verdict names RPPA.
     */
    @Test
    void namesTheModalityOutOfRangeByItselfRatherThanTheOneItMakesDisagree() {
        try (ModelSet set = ModelSet.load(ModelSetFixture.modelSet())) {
            StandardizedCohort data = StandardizedCohort.of(set, ModelSetFixture.cohort());
            OutOfDistributionScorer scorer = OutOfDistributionScorer.of(set).orElseThrow();
            for (int i : Arrays.copyOf(data.having(Split.TEST, set.modalities()), 10)) {
                float[] rppa = set.scaler("rppa").inverse(data.row("rppa", i));
                for (int j = 0; j < rppa.length; j++) {
                    rppa[j] *= 50;
                }
                OutOfDistribution v = scorer.score(Map.of(
                        "rnaseq",
                        data.row("rnaseq", i),
                        "rppa",
                        set.scaler("rppa").transform(rppa)));
                assertTrue(v.flagged(), v.toString());
                assertEquals("rppa", v.modality(), v.toString());
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
            ImputationResult r = new Imputer(set)
                    .impute(new ImputationRequest(
                            List.of(
                                    new PatientInput("clean", Map.of("cna", cna, "wsi", wsi)),
                                    new PatientInput("broken", Map.of("cna", cna, "wsi", badWsi))),
                            List.of("rnaseq"),
                            ImputationMethod.LINEAR,
                            2,
                            1,
                            0.9,
                            SamplerSettings.DEFAULT,
                            false));
            OutOfDistribution clean = r.patients().get(0).ood();
            OutOfDistribution broken = r.patients().get(1).ood();
            assertEquals(
                    Map.of(
                            "cna",
                            clean.modalities().get("cna"),
                            "wsi",
                            clean.modalities().get("wsi")),
                    clean.modalities());
            assertTrue(broken.flagged());
            assertEquals("wsi", broken.modality());
            assertEquals(broken.modalities().get("wsi"), broken.score());
            assertTrue(broken.score() > 10 * clean.score());
        }
    }
}
