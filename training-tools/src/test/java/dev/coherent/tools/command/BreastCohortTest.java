package dev.coherent.tools.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coherent.cohort.Cohort;
import dev.coherent.cohort.CohortReader;
import dev.coherent.preprocess.PreprocessingConfig;
import dev.coherent.tools.TrainingToolsCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The shipped TCGA breast cohort works out of the box as a raw cohort for train and cross-validate. */
class BreastCohortTest {
    private static final Path COHORT = Path.of("..", "examples", "data", "breast-tcga-mixomics");

    private static int run(StringWriter err, String... args) {
        CommandLine cl = TrainingToolsCli.commandLine();
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void crossValidateScoresTheProductDefaultMethod() {
        CrossvalidateCommand c = new CrossvalidateCommand();
        new CommandLine(c).parseArgs("--cohort", "c", "--out", "o");
        assertEquals("auto", c.method);
    }

    @Test
    void readsAsARawCohortWithoutThePublishedSplit() {
        Cohort cohort = CohortReader.read(COHORT);
        assertEquals(220, cohort.size());
        assertEquals(Set.of("mrna", "mirna", "protein"), cohort.modalities().keySet());
        assertEquals(
                PreprocessingConfig.read(COHORT).keySet(), cohort.modalities().keySet());
        // The published split has no validation patients: it is read as a label, and train splits itself.
        assertFalse(cohort.hasSplits());
        long complete = java.util.stream.IntStream.range(0, cohort.size())
                .filter(cohort::complete)
                .count();
        assertEquals(150, complete);
        assertEquals("test", cohort.sample(cohort.size() - 1).labels().get("split"));
        assertTrue(Set.of("Basal", "Her2", "LumA")
                .contains(cohort.sample(0).labels().get("subtype")));
    }

    @Test
    void trainsAndCrossValidatesOutOfTheBox(@TempDir Path work) throws Exception {
        StringWriter err = new StringWriter();
        assertEquals(
                0,
                run(
                        err,
                        "train",
                        "--cohort",
                        COHORT.toString(),
                        "--out",
                        work.resolve("models").toString(),
                        "--epochs",
                        "1",
                        "--version-label",
                        "breast-test"),
                err.toString());
        JsonNode manifest =
                new ObjectMapper().readTree(work.resolve("models/manifest.json").toFile());
        assertEquals(3, manifest.get("encoders").size());
        assertTrue(
                Files.exists(work.resolve("models/models/protein_from_multi/saved_model.pb")),
                "every denoiser trained: the paper split gives validation patients");
        // A few dozen validation patients per condition set: by default the diffusion methods'
        // intervals are cross-fitted on the training and validation patients instead.
        for (JsonNode score : manifest.get("validation")) {
            if (!score.get("method").asText().equals("linear")) {
                int patients = score.get("intervals").get(0).get("patients").asInt();
                assertTrue(patients > 100, score.toString());
            }
        }

        assertEquals(
                0,
                run(
                        err,
                        "cross-validate",
                        "--cohort",
                        COHORT.toString(),
                        "--out",
                        work.resolve("cv").toString(),
                        "--folds",
                        "2",
                        "--epochs",
                        "1",
                        "--draws",
                        "2",
                        "--sampler",
                        "ddim",
                        "--steps",
                        "5"),
                err.toString());
        List<String> tsv = Files.readAllLines(work.resolve("cv/breast-tcga-mixomics.tsv"));
        assertEquals(1 + 2 * 9, tsv.size(), "2 folds x 3 targets x 3 condition sets");
        List<String> header = List.of(tsv.get(0).split("\t"));
        int ridge = header.indexOf("ridge_r2");
        int mean = header.indexOf("feature_mean_r2");
        assertTrue(ridge > 0 && mean > 0, header.toString());
        for (String line : tsv.subList(1, tsv.size())) {
            String[] cells = line.split("\t");
            // Omics of the same tumours: a linear map of one explains a share of another on new patients.
            assertTrue(Double.parseDouble(cells[ridge]) > 0.02, line);
            assertTrue(Double.parseDouble(cells[ridge]) > Double.parseDouble(cells[mean]), line);
        }
        assertTrue(Files.readString(work.resolve("cv/breast-tcga-mixomics.md")).contains("| ridge R² | ≥ ridge |"));
    }
}
