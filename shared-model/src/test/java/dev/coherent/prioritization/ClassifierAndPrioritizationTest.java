package dev.coherent.prioritization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coherent.classifier.ClassifierTrainer;
import dev.coherent.diffusion.SamplerSettings;
import dev.coherent.modelset.ImputationMethod;
import dev.coherent.modelset.ModelSet;
import dev.coherent.modelset.ModelSetClassifiers;
import dev.coherent.testutil.ModelSetFixture;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stage classifier added to the fixture model set, then the Figure 4 protocol on it. */
class ClassifierAndPrioritizationTest {

    @Test
    void classifierIsExportedIntoTheSetAndDrivesTheProtocol(@TempDir Path tmp) {
        Path dir = ModelSetFixture.copy(tmp.resolve("set"));
        ModelSetClassifiers.Result result;
        try (ModelSet set = ModelSet.load(dir)) {
            result = ModelSetClassifiers.train(
                    set,
                    ModelSetFixture.cohort(),
                    "stage",
                    new ClassifierTrainer.Config(32, 1, 40, 64, 2e-3f, 0.3, 5, 3, 1));
        }
        assertEquals(List.of("1", "2", "3", "4"), result.trained().spec().classes());
        // Four stages: chance macro-F1 is about 0.25; the synthetic stage follows the shared factors.
        assertTrue(
                result.trained().validationMacroF1() > 0.3,
                "macro-F1 " + result.trained().validationMacroF1());
        ModelSetClassifiers.add(dir, result);
        try (ModelSet set = ModelSet.load(dir)) {
            assertEquals(1, set.manifest().classifiers().size());
            assertEquals(
                    result.trained().validationMacroF1(),
                    set.manifest().classifiers().get(0).validationMacroF1(),
                    0);
            PrioritizationEvaluation.Result r = new PrioritizationEvaluation(
                            set,
                            new PrioritizationEvaluation.Options(
                                    "stage",
                                    "rnaseq",
                                    4,
                                    2,
                                    3,
                                    SamplerSettings.ddim(10).withEta(1.0),
                                    ImputationMethod.AUTO))
                    .run(ModelSetFixture.cohort(), s -> {});
            assertEquals(3 * 21, r.curves().size());
            assertEquals(3, r.auc().size());
            // Every strategy starts without the modality and ends with it for everyone.
            double start = r.curves().get(0).f1Mean();
            double end = r.curves().get(20).f1Mean();
            for (String s : List.of(PrioritizationEvaluation.INFORMED_VARIANCE, PrioritizationEvaluation.RANDOM)) {
                var points =
                        r.curves().stream().filter(p -> p.strategy().equals(s)).toList();
                assertEquals(start, points.get(0).f1Mean(), 1e-12);
                assertEquals(end, points.get(20).f1Mean(), 1e-12);
            }
        }
    }
}
