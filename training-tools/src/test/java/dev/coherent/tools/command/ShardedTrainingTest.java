package dev.coherent.tools.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.adobe.testing.s3mock.junit5.S3MockExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coherent.store.ModelStores;
import dev.coherent.tools.TrainingToolsCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Training across machines: {@code train --shard 1/2} and {@code 2/2} plus {@code assemble} give
 * the model set one {@code train} gives with the same seed and config, with the parts staged on S3
 * (S3Mock) as on AWS, and assemble refuses a staging with a part missing, modified, from another run
 * or of another cohort (staged in a local folder, which the tests edit).
 */
class ShardedTrainingTest {
    static {
        // Keeps Spring Boot inside S3Mock from reconfiguring logging; credentials for the default chain.
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
    }

    /** Held so that the level set below is not lost when the logger is garbage-collected. */
    private static final Logger TOMCAT_LOG = Logger.getLogger("org.apache");

    @RegisterExtension
    static final S3MockExtension S3 = S3MockExtension.builder()
            .withSecureConnection(false)
            .withInitialBuckets("staging")
            .withProperty("com.adobe.testing.s3mock.region", "us-east-1")
            .silent()
            .build();

    private static final Path COHORT = Path.of("..", "examples", "data", "synthetic-pancancer-small");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Same config, seed, version label and TensorFlow threads (--parallel) for every run. */
    private static final String[] TRAINING = {
        "--cohort", COHORT.toString(), "--config", "small", "--epochs", "10", "--seed", "7", "--parallel", "2"
    };

    @TempDir
    static Path work;

    record Run(int exit, String err) {}

    static Run run(String... args) {
        CommandLine cl = TrainingToolsCli.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        return new Run(cl.execute(args), err.toString());
    }

    static Run train(String... more) {
        List<String> args = new ArrayList<>(List.of("train"));
        args.addAll(List.of(TRAINING));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    static Run assemble(Path staging, Path cohort, Path out) {
        return run(
                "assemble",
                "--staging",
                staging.toString(),
                "--cohort",
                cohort.toString(),
                "--out",
                out.toString(),
                "--version-label",
                "v1",
                "--audit-samples",
                "100");
    }

    @BeforeAll
    static void trainOnceAndInTwoShards() {
        TOMCAT_LOG.setLevel(Level.WARNING);
        // assemble calibrates the intervals on the validation patients, which one train does when told to.
        Run single = train(
                "--out",
                work.resolve("single").toString(),
                "--version-label",
                "v1",
                "--audit-samples",
                "100",
                "--calibration-folds",
                "0");
        assertEquals(0, single.exit(), single.err());
        String[] s3 = {
            "--s3-endpoint",
            S3.getServiceEndpoint(),
            "--s3-region",
            "us-east-1",
            "--s3-path-style",
            "--cache-dir",
            work.resolve("cache").toString()
        };
        String staging = "s3://staging/run-1";
        for (String shard : List.of("2/2", "1/2")) {
            Run r = train(concat(new String[] {"--shard", shard, "--staging", staging}, s3));
            assertEquals(0, r.exit(), r.err());
            // The same part into a local folder, for the tests that edit a staging.
            Run local = train(
                    "--shard",
                    shard,
                    "--staging",
                    work.resolve("staging").toUri().toString());
            assertEquals(0, local.exit(), local.err());
        }
        Run assembled = run(concat(
                new String[] {
                    "assemble",
                    "--staging",
                    staging,
                    "--cohort",
                    COHORT.toString(),
                    "--out",
                    work.resolve("assembled").toString(),
                    "--version-label",
                    "v1",
                    "--audit-samples",
                    "100"
                },
                s3));
        assertEquals(0, assembled.exit(), assembled.err());
    }

    private static String[] concat(String[] a, String[] b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }

    @Test
    void shardsSplitTheDenoisersRoundRobin() throws IOException {
        List<String> one = names(work.resolve("staging/shard-1-of-2/models"));
        List<String> two = names(work.resolve("staging/shard-2-of-2/models"));
        assertEquals(8, one.size());
        assertEquals(8, two.size());
        List<String> all = new ArrayList<>(one);
        all.addAll(two);
        assertEquals(names(work.resolve("single/models")), all.stream().sorted().toList());
        assertEquals("cna_from_multi", one.get(0));
        assertEquals("cna_from_rnaseq", two.get(0));
    }

    @Test
    void assembledSetHasTheSingleRunsWeightsAndManifest() throws IOException {
        Path single = work.resolve("single");
        Path assembled = work.resolve("assembled");
        List<String> files = files(single);
        assertEquals(files, files(assembled));
        int weights = 0;
        for (String f : files) {
            // model.json and the manifest carry training seconds and the creation time; everything else is bit for bit.
            if (f.endsWith("model.json") || f.equals("manifest.json")) {
                continue;
            }
            assertArrayEquals(Files.readAllBytes(single.resolve(f)), Files.readAllBytes(assembled.resolve(f)), f);
            weights += f.contains("variables/") || f.startsWith("linear/") ? 1 : 0;
        }
        assertTrue(weights >= 16 + 32, "weights compared: " + weights);
        assertEquals(comparable(single.resolve("manifest.json")), comparable(assembled.resolve("manifest.json")));
        for (String f : files) {
            if (f.endsWith("model.json")) {
                assertEquals(comparable(single.resolve(f)), comparable(assembled.resolve(f)), f);
            }
        }
        // The audit reference (training records) is written by assemble as by train.
        Path refSingle = work.resolve("single-audit-reference");
        Path refAssembled = work.resolve("assembled-audit-reference");
        assertEquals(files(refSingle), files(refAssembled));
        for (String f : files(refSingle)) {
            assertArrayEquals(Files.readAllBytes(refSingle.resolve(f)), Files.readAllBytes(refAssembled.resolve(f)), f);
        }
    }

    @Test
    void refusesAStagingWithAShardMissing() throws IOException {
        Path staging = copy(work.resolve("staging"), work.resolve("missing"));
        ModelStores.deleteTree(staging.resolve("shard-2-of-2"));
        Run r = assemble(staging, COHORT, work.resolve("out-missing"));
        assertEquals(TrainingToolsCli.EXIT_STORE, r.exit(), r.err());
        assertTrue(r.err().contains("lacks shard(s) 2/2"), r.err());
        assertFalse(Files.exists(work.resolve("out-missing")));
    }

    @Test
    void refusesATamperedShard() throws IOException {
        Path staging = copy(work.resolve("staging"), work.resolve("tampered"));
        Path variables = staging.resolve("shard-2-of-2/models/cna_from_rnaseq/variables");
        try (Stream<Path> s = Files.list(variables)) {
            Path data = s.filter(p -> p.getFileName().toString().startsWith("variables.data"))
                    .findFirst()
                    .orElseThrow();
            byte[] bytes = Files.readAllBytes(data);
            bytes[bytes.length / 2] ^= 1;
            Files.write(data, bytes);
        }
        Run r = assemble(staging, COHORT, work.resolve("out-tampered"));
        assertEquals(TrainingToolsCli.EXIT_STORE, r.exit(), r.err());
        assertTrue(r.err().contains("shard 2/2") && r.err().contains("integrity check"), r.err());
        assertFalse(Files.exists(work.resolve("out-tampered")));
    }

    @Test
    void refusesAShardOfAnotherRun() throws IOException {
        Path staging = copy(work.resolve("staging"), work.resolve("other-seed"));
        Path descriptor = staging.resolve("shard-2-of-2/shard.json");
        ObjectNode d = (ObjectNode) JSON.readTree(descriptor.toFile());
        ((ObjectNode) d.get("config")).put("seed", 8);
        JSON.writeValue(descriptor.toFile(), d);
        Run r = assemble(staging, COHORT, work.resolve("out-other-seed"));
        assertEquals(TrainingToolsCli.EXIT_STORE, r.exit(), r.err());
        assertTrue(r.err().contains("another run"), r.err());
    }

    @Test
    void refusesAnotherCohort() throws IOException {
        Path cohort = copy(COHORT, work.resolve("other-cohort"));
        List<String> lines = new ArrayList<>(Files.readAllLines(cohort.resolve("rppa.tsv")));
        String[] cells = lines.get(1).split("\t");
        cells[1] = String.valueOf(Double.parseDouble(cells[1]) + 1);
        lines.set(1, String.join("\t", cells));
        Files.write(cohort.resolve("rppa.tsv"), lines);
        Run r = assemble(work.resolve("staging"), cohort, work.resolve("out-other-cohort"));
        assertEquals(TrainingToolsCli.EXIT_DATA, r.exit(), r.err());
        assertTrue(r.err().contains("not the cohort the shards were trained on"), r.err());
    }

    @Test
    void refusesBadShardOptions() {
        String staging = work.resolve("unused").toString();
        assertEquals(
                CommandLine.ExitCode.USAGE,
                train("--shard", "3/2", "--staging", staging).exit());
        assertEquals(CommandLine.ExitCode.USAGE, train("--shard", "1/2").exit());
        assertEquals(
                CommandLine.ExitCode.USAGE,
                train(
                                "--shard",
                                "1/2",
                                "--staging",
                                staging,
                                "--out",
                                work.resolve("x").toString())
                        .exit());
        Run raw = run(
                "train",
                "--cohort",
                Path.of("..", "examples", "data", "tcga-acc-mini").toString(),
                "--shard",
                "1/2",
                "--staging",
                staging);
        assertEquals(CommandLine.ExitCode.USAGE, raw.exit(), raw.err());
        assertTrue(raw.err().contains("not supported for raw cohorts"), raw.err());
        assertFalse(Files.exists(work.resolve("unused")));
    }

    /** A manifest without what legitimately differs between runs: creation time, training seconds, model.json digests. */
    private static JsonNode comparable(Path manifest) throws IOException {
        JsonNode m = JSON.readTree(manifest.toFile());
        strip(m);
        return m;
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode o) {
            o.remove("created_at");
            o.remove("seconds");
            if (o.get("files") instanceof ObjectNode files) {
                List<String> keys = new ArrayList<>();
                files.fieldNames().forEachRemaining(keys::add);
                keys.stream().filter(k -> k.endsWith("model.json")).forEach(files::remove);
            }
        }
        node.forEach(ShardedTrainingTest::strip);
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .map(p -> dir.relativize(p).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        }
    }

    private static Path copy(Path from, Path to) throws IOException {
        for (String f : files(from)) {
            Files.createDirectories(to.resolve(f).getParent());
            Files.copy(from.resolve(f), to.resolve(f));
        }
        return to;
    }
}
