package dev.coherent.audit;

import dev.coherent.CoherentException;
import dev.coherent.cohort.Cohort;
import dev.coherent.cohort.CohortSplitter;
import dev.coherent.cohort.FeatureScaler;
import dev.coherent.cohort.Split;
import dev.coherent.cohort.TableFormat;
import dev.coherent.cohort.WideRow;
import dev.coherent.cohort.WideSchema;
import dev.coherent.cohort.WideTableReader;
import dev.coherent.cohort.WideTableWriter;
import dev.coherent.json.Json;
import dev.coherent.modelset.ModelSet;
import dev.coherent.modelset.StandardizedCohort;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What the audit compares generations with: a sample of training patients and a holdout sample
 * (validation and test patients), every modality in the model set's standardized space.
 *
 * <p>It holds patient data, so it is written apart from the model set (the functions that serve
 * imputations never read it). Patient ids are replaced by row numbers. Files: {@code reference.json},
 * {@code train.tsv}, {@code holdout.tsv} (wide tables, {@code <modality>_<kk>} columns).
 */
public record AuditReference(
        String modelSetVersion, List<Map<String, float[]>> train, List<Map<String, float[]>> holdout) {
    public static final String META = "reference.json";
    public static final String TRAIN = "train.tsv";
    public static final String HOLDOUT = "holdout.tsv";
    public static final int DEFAULT_TRAIN_SAMPLES = 2000;
    public static final int DEFAULT_HOLDOUT_SAMPLES = 2000;

    /** Metadata written next to the tables. */
    public record Meta(String modelSetVersion, int trainRows, int holdoutRows, long seed, String space) {}

    /**
     * Samples training and holdout patients of a cohort, standardized with the model set's scalers.
     * The split is the cohort's own, or the paper split with the model set's training seed.
     */
    public static AuditReference build(ModelSet set, Cohort cohort, int trainSamples, int holdoutSamples, long seed) {
        Cohort c = CohortSplitter.withSplits(cohort, set.manifest().trainingSeed());
        Map<String, FeatureScaler> scalers = new HashMap<>();
        for (String m : set.modalities()) {
            scalers.put(m, set.scaler(m));
        }
        StandardizedCohort data = new StandardizedCohort(c, scalers);
        List<Integer> holdout = new ArrayList<>();
        for (int i : c.indices(Split.VAL)) {
            holdout.add(i);
        }
        for (int i : c.indices(Split.TEST)) {
            holdout.add(i);
        }
        List<Integer> train = new ArrayList<>();
        for (int i : c.indices(Split.TRAIN)) {
            train.add(i);
        }
        SplittableRandom random = new SplittableRandom(seed);
        return new AuditReference(
                set.version(),
                records(data, set.modalities(), sample(train, trainSamples, random)),
                records(data, set.modalities(), sample(holdout, holdoutSamples, random)));
    }

    private static List<Integer> sample(List<Integer> idx, int n, SplittableRandom random) {
        List<Integer> copy = new ArrayList<>(idx);
        for (int i = copy.size() - 1; i > 0; i--) {
            java.util.Collections.swap(copy, i, random.nextInt(i + 1));
        }
        List<Integer> out = new ArrayList<>(copy.subList(0, Math.min(n, copy.size())));
        out.sort(null);
        return out;
    }

    private static List<Map<String, float[]>> records(
            StandardizedCohort data, List<String> modalities, List<Integer> idx) {
        List<Map<String, float[]>> out = new ArrayList<>();
        for (int i : idx) {
            Map<String, float[]> r = new LinkedHashMap<>();
            for (String m : modalities) {
                float[] v = data.row(m, i);
                if (v != null) {
                    r.put(m, v);
                }
            }
            if (!r.isEmpty()) {
                out.add(r);
            }
        }
        return out;
    }

    /** Rows of one split that have every one of the given modalities. */
    public static List<Map<String, float[]>> having(List<Map<String, float[]>> records, List<String> modalities) {
        List<Map<String, float[]>> out = new ArrayList<>();
        for (Map<String, float[]> r : records) {
            if (r.keySet().containsAll(modalities)) {
                out.add(r);
            }
        }
        return out;
    }

    /** Writes the reference into a new or empty folder. */
    public void write(Path dir, ModelSet set, long seed) {
        try {
            Files.createDirectories(dir);
            WideSchema schema = set.manifest().codeSchema();
            writeTable(dir.resolve(TRAIN), schema, train, "t");
            writeTable(dir.resolve(HOLDOUT), schema, holdout, "h");
            Json.MAPPER.writeValue(
                    dir.resolve(META).toFile(),
                    new Meta(modelSetVersion, train.size(), holdout.size(), seed, "standardized"));
        } catch (IOException e) {
            throw new CoherentException("cannot write the audit reference to " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void writeTable(Path file, WideSchema schema, List<Map<String, float[]>> rows, String prefix) {
        try (WideTableWriter w = WideTableWriter.create(file, schema)) {
            for (int i = 0; i < rows.size(); i++) {
                w.write(new WideRow(String.format("%s%05d", prefix, i + 1), rows.get(i)));
            }
        }
    }

    /** Reads a reference written by {@link #write}. */
    public static AuditReference read(Path dir, ModelSet set) {
        try {
            Meta meta = Json.MAPPER.readValue(dir.resolve(META).toFile(), Meta.class);
            WideSchema schema = set.manifest().codeSchema();
            return new AuditReference(
                    meta.modelSetVersion(),
                    readTable(dir.resolve(TRAIN), schema),
                    readTable(dir.resolve(HOLDOUT), schema));
        } catch (IOException e) {
            throw new CoherentException("cannot read the audit reference in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static List<Map<String, float[]>> readTable(Path file, WideSchema schema) {
        List<Map<String, float[]>> out = new ArrayList<>();
        try (WideTableReader r =
                new WideTableReader(open(file), file.getFileName().toString(), TableFormat.TSV, schema)) {
            for (List<WideRow> rows = r.next(1024); !rows.isEmpty(); rows = r.next(1024)) {
                rows.forEach(row -> out.add(row.present()));
            }
        }
        return out;
    }

    private static java.io.InputStream open(Path file) {
        try {
            return Files.newInputStream(file);
        } catch (IOException e) {
            throw new CoherentException("cannot open " + file + ": " + e.getMessage(), e);
        }
    }
}
