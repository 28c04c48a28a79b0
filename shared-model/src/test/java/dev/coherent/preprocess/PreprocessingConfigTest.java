package dev.coherent.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coherent.cohort.CohortFormatException;
import dev.coherent.cohort.CohortOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreprocessingConfigTest {
    @TempDir
    Path dir;

    private Path write(String... lines) throws Exception {
        return Files.writeString(dir.resolve("cohort.json"), String.join("\n", lines) + "\n");
    }

    @Test
    void readsEveryModalityWithDefaultsAndTheRestOfCohortJsonStillParses() throws Exception {
        Path file = write(
                "{",
                "  \"layout\": \"xena\",",
                "  \"modalities\": {\"rna\": \"RNA.tsv\"},",
                "  \"preprocessing\": {",
                "    \"rna\": {\"recipe\": \"counts\", \"min_cpm\": 2, \"latent\": \"autoencoder\", \"latent_dim\": 16,",
                "            \"layers\": 3, \"shrink\": 1},",
                "    \"cna\": {\"recipe\": \"calls\", \"impute\": \"median\"},",
                "    \"wsi\": {\"recipe\": \"none\", \"latent\": \"pca\", \"latent_dim\": 8}",
                "  }",
                "}");
        Map<String, PreprocessingSpec> specs = PreprocessingConfig.read(dir);
        assertEquals(List.of("rna", "cna", "wsi"), List.copyOf(specs.keySet()));
        PreprocessingSpec rna = specs.get("rna");
        assertEquals(Recipe.COUNTS, rna.recipe());
        assertEquals(2.0, rna.minCpm());
        assertEquals(0.2, rna.minFraction());
        assertEquals(0.1, rna.maxMissing());
        assertEquals(CellImputation.KNN, rna.impute());
        assertEquals(5, rna.k());
        assertEquals(16, rna.latentDim());
        assertEquals(3, rna.layers());
        assertEquals(CellImputation.MEDIAN, specs.get("cna").impute());
        assertEquals(
                PreprocessingSpec.AUTO_LATENT_DIM,
                specs.get("cna").latentDim(),
                "without latent_dim the width is chosen on the training patients");
        assertEquals(LatentKind.PCA, specs.get("wsi").latent());
        assertEquals(
                CohortOptions.Layout.XENA, CohortOptions.fromJson(file).layout(), "cohort options accept the block");
    }

    @Test
    void noFileOrNoBlockMeansNotARawCohort() throws Exception {
        assertTrue(PreprocessingConfig.read(dir).isEmpty());
        write("{\"layout\": \"xena\"}");
        assertTrue(PreprocessingConfig.read(dir).isEmpty());
    }

    @Test
    void errorsNameTheFileLineAndKey() throws Exception {
        write(
                "{",
                "  \"preprocessing\": {",
                "    \"rna\": {\"recipe\": \"counts\",",
                "            \"min_cmp\": 1}",
                "  }",
                "}");
        assertError("cohort.json:4: preprocessing.rna: unknown key 'min_cmp'");
        write("{\"preprocessing\": {", "  \"rna\": {\"recipe\": \"log2\"}}}");
        assertError("cohort.json:2: preprocessing.rna: unknown recipe 'log2'");
        write("{\"preprocessing\": {", "  \"rna\": {\"impute\": \"knn\"}}}");
        assertError("cohort.json:2: preprocessing.rna: no recipe");
        write("{\"preprocessing\": {", "  \"cna\": {\"recipe\": \"calls\", \"min_cpm\": 1}}}");
        assertError("cohort.json:2: preprocessing.cna: 'min_cpm' only applies to recipe counts");
        write("{\"preprocessing\": {", "  \"cna\": {\"recipe\": \"calls\", \"impute\": \"median\", \"k\": 3}}}");
        assertError("cohort.json:2: preprocessing.cna: 'k' only applies to impute knn");
        write("{\"preprocessing\": {", "  \"wsi\": {\"recipe\": \"none\", \"latent\": \"pca\", \"layers\": 2}}}");
        assertError("cohort.json:2: preprocessing.wsi: 'layers' only applies to latent autoencoder");
        write("{\"preprocessing\": {", "  \"rna\": {\"recipe\": \"counts\",", "  \"k\": 2.5}}}");
        assertError("cohort.json:3: preprocessing.rna.k must be a whole number");
        write("{\"preprocessing\": {", "  \"rna\": {\"recipe\": \"counts\", \"max_missing\": 0}}}");
        assertError("cohort.json:2: preprocessing.rna: max_missing must lie in (0, 1]");
        write("{\"preprocessing\": {", "  \"rna\": {\"recipe\": \"counts\", \"latent_dim\": \"wide\"}}}");
        assertError("cohort.json:2: preprocessing.rna.latent_dim must be a number");
        write("{\"preprocessing\": {\"rna\": ");
        assertError("cohort.json:2: Unexpected end-of-input");
    }

    @Test
    void latentDimAutoIsChosenLater() throws Exception {
        write(
                "{\"preprocessing\": {",
                "  \"rna\": {\"recipe\": \"counts\", \"latent\": \"pca\", \"latent_dim\": \"auto\"}}}");
        assertEquals(
                PreprocessingSpec.AUTO_LATENT_DIM,
                PreprocessingConfig.read(dir).get("rna").latentDim());
    }

    private void assertError(String prefix) {
        CohortFormatException e = assertThrows(CohortFormatException.class, () -> PreprocessingConfig.read(dir));
        assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
    }
}
