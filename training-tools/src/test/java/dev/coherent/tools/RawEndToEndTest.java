package dev.coherent.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coherent.cohort.Cohort;
import dev.coherent.cohort.CohortReader;
import dev.coherent.cohort.ModalityMatrix;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Raw data end to end through the CLI on the real TCGA ACC cohort: train (preprocessing,
 * autoencoders, denoisers) → raw wide table in → the same layout out, and clear errors.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RawEndToEndTest {
    private static final Path COHORT = Path.of("..", "examples", "data", "tcga-acc-mini");
    private static final List<String> MODALITIES = List.of("cna", "mirna", "rnaseq", "rppa");

    @TempDir
    static Path work;

    record Run(int exit, String err) {}

    static Run run(String... args) {
        CommandLine cl = TrainingToolsCli.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        return new Run(cl.execute(args), err.toString());
    }

    @Test
    @Order(1)
    void trainsEncodersThenDenoisersOnTheRealCohort() throws Exception {
        // The paper's autoencoders (the shipped cohort.json uses PCA, better on 92 patients; docs/results).
        Run r = run(
                "train",
                "--cohort",
                COHORT.toString(),
                "--preprocessing",
                COHORT.resolve("preprocessing-autoencoder.json").toString(),
                "--out",
                work.resolve("models").toString(),
                "--config",
                "small",
                "--epochs",
                "4",
                "--ae-epochs",
                "20",
                "--seed",
                "5",
                "--version-label",
                "acc-e2e",
                // Calibrated on the validation patients: the default's cross-fitting is BreastCohortTest's.
                "--calibration-folds",
                "0");
        assertEquals(0, r.exit(), r.err());
        JsonNode manifest =
                new ObjectMapper().readTree(work.resolve("models/manifest.json").toFile());
        assertEquals(4, manifest.get("encoders").size());
        for (JsonNode e : manifest.get("encoders")) {
            assertEquals("autoencoder", e.get("kind").asText());
            assertTrue(e.has("validation_mse") && e.has("validation_r2"), e.toString());
        }
        assertTrue(Files.exists(work.resolve("models/encoders/rnaseq/encoder/saved_model.pb")));
        assertTrue(Files.exists(work.resolve("models/encoders/rppa/decoder/saved_model.pb")));
        assertTrue(Files.exists(work.resolve("models/encoders/cna/preprocessing.json")));
        assertTrue(Files.exists(work.resolve("models/models/rppa_from_multi/saved_model.pb")));
        assertEquals(16, manifest.get("modalities").get(0).get("dim").asInt(), "cna codes: latent_dim 16");
        assertTrue(Files.exists(work.resolve("models-audit-reference/train.tsv")));
    }

    @Test
    @Order(2)
    void imputesARawTableIntoTheSameLayout() throws Exception {
        Cohort cohort = CohortReader.read(COHORT);
        int a = complete(cohort, 0);
        int b = complete(cohort, a + 1);
        Path input = work.resolve("raw.tsv");
        // Patient a lacks rnaseq and one rppa cell; patient b lacks cna and mirna.
        writeTable(
                input,
                cohort,
                List.of(a, b),
                (i, m) -> (i == a && m.equals("rnaseq")) || (i == b && (m.equals("cna") || m.equals("mirna"))),
                a,
                "rppa",
                3);
        Path output = work.resolve("raw-out.tsv");
        Run r = run(
                "impute",
                "--models",
                work.resolve("models").toString(),
                "--input",
                input.toString(),
                "--output",
                output.toString(),
                "--sampler",
                "ddim",
                "--steps",
                "10",
                "--eta",
                "1",
                "--draws",
                "4",
                "--latent");
        assertEquals(0, r.exit(), r.err());
        List<String> lines = Files.readAllLines(output);
        assertEquals(3, lines.size());
        String[] header = lines.get(0).split("\t");
        assertEquals("sample", header[0]);
        assertTrue(header[1].startsWith("cna:"), header[1]);
        JsonNode manifest =
                new ObjectMapper().readTree(work.resolve("models/manifest.json").toFile());
        int kept = 0;
        for (JsonNode e : manifest.get("encoders")) {
            kept += e.get("input_dim").asInt();
        }
        assertEquals(1 + kept, header.length, "every kept feature of every modality");
        for (String line : lines.subList(1, 3)) {
            for (String cell : line.split("\t")) {
                assertTrue(!cell.isEmpty() && !cell.equals("NA"), "gap left in " + line);
            }
        }
        JsonNode report = new ObjectMapper()
                .readTree(work.resolve("raw-out.tsv.report.json").toFile());
        assertEquals("raw", report.get("space").asText());
        JsonNode first = report.get("patients").get(0);
        assertEquals(cohort.sample(a).id(), first.get("id").asText());
        assertEquals(Set.of("rnaseq"), fieldNames(first.get("imputed")));
        assertEquals(1, first.get("filled_cells").get("rppa").asInt());
        assertEquals(
                Set.of("cna", "mirna"), fieldNames(report.get("patients").get(1).get("imputed")));
        assertTrue(first.get("imputed").get("rnaseq").get("std").size() > 100);
        assertEquals(
                16, first.get("imputed").get("rnaseq").get("latent").get("mean").size(), "--latent: the code");
    }

    @Test
    @Order(3)
    void unknownOrMissingRawFeaturesFailNamingPatientAndModality() throws Exception {
        Cohort cohort = CohortReader.read(COHORT);
        int a = complete(cohort, 0);
        Path input = work.resolve("bad.tsv");
        writeTable(input, cohort, List.of(a), (i, m) -> false, -1, null, 0);
        List<String> lines = new ArrayList<>(Files.readAllLines(input));
        String renamed = cohort.modality("rnaseq").features().get(0);
        lines.set(0, lines.get(0).replace("rnaseq:" + renamed + "\t", "rnaseq:NOT_A_GENE\t"));
        Files.write(input, lines);
        Run r = run(
                "impute",
                "--models",
                work.resolve("models").toString(),
                "--input",
                input.toString(),
                "--output",
                work.resolve("bad-out.tsv").toString());
        assertEquals(TrainingToolsCli.EXIT_DATA, r.exit(), r.err());
        assertTrue(
                r.err()
                        .startsWith("error: patient '" + cohort.sample(a).id() + "', modality 'rnaseq': unknown "
                                + "features 'NOT_A_GENE'; missing features '" + renamed + "'"),
                r.err());
        // A latent table still goes through the latent path of the same model set.
        Path latent = work.resolve("latent.tsv");
        StringBuilder sb = new StringBuilder("sample");
        StringBuilder row = new StringBuilder("P1");
        for (String m : MODALITIES) {
            int dim = m.equals("rppa") ? 8 : 16;
            for (int k = 0; k < dim; k++) {
                sb.append('\t').append(String.format("%s_%02d", m, k));
                row.append('\t').append(m.equals("cna") ? "0.1" : "");
            }
        }
        Files.writeString(latent, sb + "\n" + row + "\n");
        Run ok = run(
                "impute",
                "--models",
                work.resolve("models").toString(),
                "--input",
                latent.toString(),
                "--output",
                work.resolve("latent-out.tsv").toString(),
                "--sampler",
                "ddim",
                "--steps",
                "5",
                "--draws",
                "2");
        assertEquals(0, ok.exit(), ok.err());
        assertEquals(
                1 + 16 * 3 + 8,
                Files.readAllLines(work.resolve("latent-out.tsv")).get(1).split("\t").length);
        Run codes = run(
                "impute",
                "--models",
                work.resolve("models").toString(),
                "--input",
                latent.toString(),
                "--output",
                work.resolve("latent-out2.tsv").toString(),
                "--latent");
        assertEquals(TrainingToolsCli.EXIT_DATA, codes.exit(), codes.err());
        assertTrue(codes.err().contains("--latent applies to raw tables"), codes.err());
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> out = new java.util.TreeSet<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** The first patient from {@code from} on with every modality. */
    private static int complete(Cohort cohort, int from) {
        for (int i = from; i < cohort.size(); i++) {
            if (cohort.complete(i)) {
                return i;
            }
        }
        throw new AssertionError("no complete patient");
    }

    /** Writes a raw wide table of the given patients, blanking a modality where {@code blank} says so. */
    private static void writeTable(
            Path file,
            Cohort cohort,
            List<Integer> patients,
            BiPredicate<Integer, String> blank,
            int holePatient,
            String holeModality,
            int holeFeature)
            throws Exception {
        StringBuilder sb = new StringBuilder("sample");
        for (String m : MODALITIES) {
            for (String f : cohort.modality(m).features()) {
                sb.append('\t').append(m).append(':').append(f);
            }
        }
        sb.append('\n');
        for (int i : patients) {
            sb.append(cohort.sample(i).id());
            for (String m : MODALITIES) {
                ModalityMatrix matrix = cohort.modality(m);
                for (int j = 0; j < matrix.dim(); j++) {
                    boolean empty =
                            blank.test(i, m) || (i == holePatient && m.equals(holeModality) && j == holeFeature);
                    sb.append('\t').append(empty ? "" : Float.toString(matrix.row(i)[j]));
                }
            }
            sb.append('\n');
        }
        Files.writeString(file, sb);
    }
}
