package dev.coherent.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coherent.cohort.ParquetTables;
import dev.coherent.json.Json;
import dev.coherent.modelset.ModelSet;
import dev.coherent.modelset.ModelSetCalibration;
import dev.coherent.modelset.ValidationScore;
import dev.coherent.store.ModelSetLayout;
import dev.coherent.tools.command.DescribeCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** train → export → load → impute → evaluate through the CLI, on the small example cohort. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndTest {
    private static final Path COHORT = Path.of("..", "examples", "data", "synthetic-pancancer-small");

    @TempDir
    static Path work;

    record Run(int exit, String err) {}

    static Run run(String... args) {
        CommandLine cl = TrainingToolsCli.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        return new Run(cl.execute(args), err.toString());
    }

    /** Imputes a file with the set of the first test, 5 draws of DDIM in 20 steps. */
    private static Run impute(Path input, Path output) {
        return run(
                "impute",
                "--models",
                work.resolve("models").toUri().toString(),
                "--input",
                input.toString(),
                "--output",
                output.toString(),
                "--sampler",
                "ddim",
                "--steps",
                "20",
                "--draws",
                "5");
    }

    @Test
    @Order(1)
    void trainsAndExportsAModelSet() {
        Run r = run(
                "train",
                "--cohort",
                COHORT.toString(),
                "--out",
                work.resolve("models").toString(),
                "--config",
                "small",
                "--epochs",
                "60",
                "--seed",
                "3",
                "--version-label",
                "e2e",
                // Calibrated on the validation patients: the default's cross-fitting is BreastCohortTest's.
                "--calibration-folds",
                "0");
        assertEquals(0, r.exit(), r.err());
        assertTrue(Files.exists(work.resolve("models/manifest.json")));
        assertTrue(Files.exists(work.resolve("models/models/rnaseq_from_rppa/saved_model.pb")));
        // Training records for the audit go apart from the model set.
        assertTrue(Files.exists(work.resolve("models-audit-reference/train.tsv")));
        assertTrue(Files.notExists(work.resolve("models/train.tsv")));
    }

    @Test
    @Order(2)
    void imputesAWideTableAndWritesAReport() throws Exception {
        Path input = work.resolve("in.tsv");
        // Two patients of the cohort: one lacking cna, one lacking rnaseq and wsi.
        List<String> header = header();
        Map<String, String[]> rows = rows(COHORT, "SYN-00002", "SYN-00003");
        StringBuilder sb = new StringBuilder(String.join("\t", header)).append('\n');
        sb.append(line(header, "SYN-00002", rows, "cna")).append('\n');
        sb.append(line(header, "SYN-00003", rows, "rnaseq", "wsi")).append('\n');
        Files.writeString(input, sb);
        Path output = work.resolve("out.tsv");
        Run r = impute(input, output);
        assertEquals(0, r.exit(), r.err());
        List<String> out = Files.readAllLines(output);
        assertEquals(3, out.size());
        assertEquals(129, out.get(1).split("\t").length);
        for (String cell : out.get(2).split("\t")) {
            assertTrue(!cell.isEmpty() && !cell.equals("NA"), "gap left in " + out.get(2));
        }
        JsonNode report =
                new ObjectMapper().readTree(work.resolve("out.tsv.report.json").toFile());
        assertEquals("e2e", report.get("model_set").get("version").asText());
        assertEquals(42, report.get("seed").asInt());
        // --sampler ddim alone is the safe default but for the steps: eta 1, auto variance.
        assertEquals(1.0, report.get("eta").asDouble());
        assertEquals("auto", report.get("variance").asText());
        assertTrue(report.get("patients").get(0).get("imputed").has("cna"));
        assertTrue(report.get("patients").get(0).get("imputed").get("cna").has("diverged"));
        assertTrue(report.has("diverged_draws"));
        assertEquals(
                32,
                report.get("patients")
                        .get(1)
                        .get("imputed")
                        .get("wsi")
                        .get("std")
                        .size());
        // Five draws: the set's conformal table for four draws calibrates every interval, and the report says so.
        JsonNode wsi = report.get("patients").get(1).get("imputed").get("wsi");
        assertTrue(wsi.get("interval_calibrated").asBoolean());
        assertEquals(32, wsi.get("lower").size());
        for (int j = 0; j < 32; j++) {
            assertTrue(
                    wsi.get("lower").get(j).asDouble() < wsi.get("upper").get(j).asDouble());
        }
        assertEquals(
                report.get("imputed_modalities").asInt(),
                report.get("calibrated_intervals").asInt());
    }

    @Test
    @Order(3)
    void imputesAParquetTableIntoParquetWithTheSameNumbers() throws Exception {
        Path input = work.resolve("in.parquet");
        ParquetTables.fromTsv(work.resolve("in.tsv"), input);
        Path output = work.resolve("out.parquet");
        Run r = impute(input, output);
        assertEquals(0, r.exit(), r.err());
        assertTrue(Files.exists(work.resolve("out.parquet.report.json")));
        Path back = work.resolve("out-from-parquet.tsv");
        ParquetTables.toTsv(output, "out.parquet", back);
        List<String> fromParquet = Files.readAllLines(back);
        List<String> fromText = Files.readAllLines(work.resolve("out.tsv"));
        assertEquals(fromText.get(0), fromParquet.get(0));
        assertEquals(fromText.size(), fromParquet.size());
        for (int i = 1; i < fromText.size(); i++) {
            String[] a = fromText.get(i).split("\t");
            String[] b = fromParquet.get(i).split("\t");
            assertEquals(a[0], b[0]);
            for (int j = 1; j < a.length; j++) {
                assertEquals(Float.parseFloat(a[j]), Float.parseFloat(b[j]), "row " + i + " column " + j);
            }
        }
    }

    @Test
    @Order(4)
    void evaluatesEveryTargetConditionAndMethod() throws Exception {
        Path out = work.resolve("eval");
        Run r = run(
                "evaluate",
                "--cohort",
                COHORT.toString(),
                "--models",
                work.resolve("models").toString(),
                "--out",
                out.toString(),
                "--sampler",
                "ddim",
                "--steps",
                "20",
                "--eta",
                "1",
                "--draws",
                "4",
                "--max-patients",
                "60");
        assertEquals(0, r.exit(), r.err());
        List<String> lines = Files.readAllLines(out.resolve("evaluation.tsv"));
        assertTrue(
                lines.get(0)
                        .startsWith(
                                "target\tcondition\tmethod\tr2\tr2_flat\tr2_draw\tvariance_pct\tcoverage90\toracle_r2\tols_r2"));
        // 28 target/condition rows: multi and linear for each, single for the 12 one-condition rows, coherent for
        // the 16 others.
        assertEquals(1 + 28 + 28 + 12 + 16, lines.size());
        Map<String, String[]> byKey = new HashMap<>();
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split("\t");
            byKey.put(f[0] + "|" + f[1] + "|" + f[2], f);
        }
        assertTrue(byKey.containsKey("rnaseq|rppa|linear"), byKey.keySet().toString());
        String[] rna = byKey.get("rnaseq|rppa|single");
        assertEquals(0.7022, Double.parseDouble(rna[8]), 0.1, "oracle column read from oracle_r2.tsv");
        assertTrue(Double.parseDouble(rna[3]) > 0.2, "rnaseq from rppa should be predictable: r2 " + rna[3]);
        assertTrue(Double.parseDouble(rna[9]) > 0.5, "the linear baseline fits a linear recipe: " + rna[9]);
        assertTrue(Files.readString(out.resolve("evaluation.md")).contains("| rnaseq | rppa | single |"));
        List<String> header = List.of(lines.get(0).split("\t"));
        // Exactly one method per target/condition row is what auto answers with.
        Map<String, Integer> autos = new HashMap<>();
        for (String[] f : byKey.values()) {
            autos.merge(f[0] + "|" + f[1], Integer.parseInt(f[header.indexOf("auto")]), Integer::sum);
            // The draws as a distribution: intervals widen with the level, proper scores are positive.
            double c50 = Double.parseDouble(f[header.indexOf("coverage50")]);
            double c95 = Double.parseDouble(f[header.indexOf("coverage95")]);
            assertTrue(
                    c50 <= c95
                            && Double.parseDouble(f[header.indexOf("width50")])
                                    < Double.parseDouble(f[header.indexOf("width95")]),
                    String.join(" ", f));
            assertTrue(
                    Double.parseDouble(f[header.indexOf("crps")]) > 0
                            && Double.parseDouble(f[header.indexOf("energy_score")]) > 0,
                    String.join(" ", f));
            // Coverage is of the calibrated intervals, with the draws' own beside it.
            assertEquals("1", f[header.indexOf("calibrated")], String.join(" ", f));
            double raw = Double.parseDouble(f[header.indexOf("raw_coverage90")]);
            assertTrue(raw >= 0 && raw <= 1, String.join(" ", f));
        }
        assertEquals(28, autos.size());
        assertTrue(autos.values().stream().allMatch(n -> n == 1), autos.toString());
    }

    @Test
    @Order(5)
    void evaluateWarnsNamingTheSettingsWhenDeterministicDdimDiverges() throws Exception {
        // Deterministic DDIM amplifies the errors of this briefly trained model far beyond the data's spread.
        Path out = work.resolve("eval-deterministic");
        Run r = run(
                "evaluate",
                "--cohort",
                COHORT.toString(),
                "--models",
                work.resolve("models").toString(),
                "--out",
                out.toString(),
                "--sampler",
                "ddim",
                "--steps",
                "100",
                "--eta",
                "0",
                "--draws",
                "4",
                "--max-patients",
                "10");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("WARNING: "), r.err());
        assertTrue(r.err().contains("draws diverged"), r.err());
        assertTrue(r.err().contains("with sampler ddim, 100 steps, eta 0.0, variance auto"), r.err());
        assertTrue(r.err().contains("the safe default is ddim, 50 steps, eta 1.0, variance auto"), r.err());
        long diverged = 0;
        List<String> rows = Files.readAllLines(out.resolve("evaluation.tsv"));
        int column = List.of(rows.get(0).split("\t")).indexOf("diverged");
        for (String l : rows.subList(1, rows.size())) {
            diverged += Long.parseLong(l.split("\t")[column]);
        }
        assertTrue(diverged > 0);
        assertTrue(Files.readString(out.resolve("evaluation.md")).contains("**Warning:**"));
    }

    @Test
    @Order(6)
    void auditsTheModelSetAgainstItsReference() throws Exception {
        Path out = work.resolve("audit");
        Run r = run(
                "audit",
                "--models",
                work.resolve("models").toString(),
                "--out",
                out.toString(),
                "--sampler",
                "ddim",
                "--steps",
                "10",
                "--eta",
                "1",
                "--samples",
                "100",
                "--k",
                "5");
        assertEquals(0, r.exit(), r.err());
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertEquals(4 * 3, report.get("results").size(), "4 targets x the default methods coherent, multi, linear");
        JsonNode row = report.get("results").get(0);
        for (String f : List.of(
                "method",
                "target",
                "precision",
                "recall",
                "f1",
                "energy_distance",
                "dcr_closer_to_train_share",
                "mia_auc",
                "verdict")) {
            assertTrue(row.has(f), f);
        }
        assertTrue(report.get("verdict").has("pass"));
        assertTrue(Files.readString(out.resolve("report.html")).contains("<svg"));
    }

    @Test
    @Order(7)
    void badInputFailsWithOneLineAndADataExitCode() throws Exception {
        Path bad = work.resolve("bad.tsv");
        Files.writeString(bad, String.join("\t", header()) + "\nP1\tabc\n");
        Run r = run(
                "impute",
                "--models",
                work.resolve("models").toString(),
                "--input",
                bad.toString(),
                "--output",
                work.resolve("bad-out.tsv").toString());
        assertEquals(TrainingToolsCli.EXIT_DATA, r.exit());
        assertTrue(r.err().startsWith("error: bad.tsv:2:"), r.err());
        Run missing = run(
                "impute",
                "--models",
                work.resolve("nowhere").toString(),
                "--input",
                bad.toString(),
                "--output",
                work.resolve("x.tsv").toString());
        assertEquals(TrainingToolsCli.EXIT_STORE, missing.exit(), missing.err());
        assertEquals(2, run("train", "--cohort").exit());
        Run folds = run(
                "train",
                "--cohort",
                COHORT.toString(),
                "--out",
                work.resolve("never").toString(),
                "--calibration-folds",
                "some");
        assertEquals(2, folds.exit(), folds.err());
        assertTrue(
                folds.err().contains("--calibration-folds must be auto or a count of at least 0, not 'some'"),
                folds.err());
        assertFalse(Files.exists(work.resolve("never")));
    }

    @Test
    @Order(8)
    void calibrateAddsTheIntervalCalibrationToASetTrainedWithout() throws Exception {
        Path old = work.resolve("models-old");
        copyTree(work.resolve("models"), old);
        List<ValidationScore> stripped;
        try (ModelSet set = ModelSet.load(old)) {
            stripped = set.manifest().validation().stream()
                    .map(s -> s.withIntervals(List.of()))
                    .toList();
        }
        ModelSetCalibration.write(old, stripped);
        Run r = run("calibrate", "--cohort", COHORT.toString(), "--models", old.toString());
        assertEquals(0, r.exit(), r.err());
        try (ModelSet set = ModelSet.load(old)) {
            // Every scored query has its tables again, in a resealed manifest (loading verifies it).
            assertEquals(stripped.size(), set.manifest().validation().size());
            assertTrue(set.manifest().validation().stream()
                    .allMatch(s -> s.intervals().size() == 3));
        }
    }

    @Test
    @Order(9)
    void calibrateOutOfDistributionOnlyGivesASetTrainedWithoutItTheFactorModel() throws Exception {
        Path old = work.resolve("models-before-factor");
        copyTree(work.resolve("models"), old);
        List<ValidationScore> scores;
        try (ModelSet set = ModelSet.load(old)) {
            assertTrue(set.disagreement().isPresent(), "training stores the factor model");
            scores = set.manifest().validation();
        }
        Files.delete(old.resolve(ModelSetLayout.FACTOR_MODEL));
        ModelSetCalibration.write(old, scores); // reseals without the file, as a set trained before it
        try (ModelSet set = ModelSet.load(old)) {
            assertTrue(set.disagreement().isEmpty());
            assertTrue(DescribeCommand.outOfDistribution(set).contains("the linear models"));
        }
        Run r = run(
                "calibrate", "--cohort", COHORT.toString(), "--models", old.toString(), "--out-of-distribution-only");
        assertEquals(0, r.exit(), r.err());
        try (ModelSet set = ModelSet.load(old)) {
            assertTrue(set.disagreement().isPresent());
            assertEquals(11, set.manifest().outOfDistribution().size());
            assertTrue(DescribeCommand.outOfDistribution(set).contains("factor model of rank"));
            // Nothing else is measured again (records of arrays compare by their JSON).
            ObjectMapper json = Json.MAPPER;
            assertEquals(
                    json.writeValueAsString(scores),
                    json.writeValueAsString(set.manifest().validation()));
        }
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (var walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest);
                }
            }
        }
    }

    private static List<String> header() {
        List<String> h = new java.util.ArrayList<>(List.of("sample"));
        for (String m : List.of("cna", "rnaseq", "rppa", "wsi")) {
            for (int k = 0; k < 32; k++) {
                h.add(String.format("%s_%02d", m, k));
            }
        }
        return h;
    }

    /** Cells of each modality file for the given samples, keyed "modality|sample". */
    private static Map<String, String[]> rows(Path cohort, String... samples) throws Exception {
        Map<String, String[]> out = new HashMap<>();
        for (String m : List.of("cna", "rnaseq", "rppa", "wsi")) {
            for (String line : Files.readAllLines(cohort.resolve(m + ".tsv"))) {
                String[] f = line.split("\t");
                for (String s : samples) {
                    if (f[0].equals(s)) {
                        out.put(m + "|" + s, java.util.Arrays.copyOfRange(f, 1, f.length));
                    }
                }
            }
        }
        return out;
    }

    private static String line(List<String> header, String sample, Map<String, String[]> rows, String... blank) {
        StringBuilder sb = new StringBuilder(sample);
        for (String m : List.of("cna", "rnaseq", "rppa", "wsi")) {
            boolean empty = List.of(blank).contains(m);
            String[] v = rows.get(m + "|" + sample);
            for (int k = 0; k < 32; k++) {
                sb.append('\t').append(empty ? "" : v[k]);
            }
        }
        return sb.toString();
    }
}
