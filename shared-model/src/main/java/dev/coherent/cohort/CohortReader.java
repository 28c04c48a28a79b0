package dev.coherent.cohort;

import dev.coherent.cohort.CohortOptions.Layout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a cohort folder in either of two layouts.
 *
 * <p><b>Sample-major</b>: a samples table ({@code samples.tsv}: {@code sample}, {@code cancer_type},
 * {@code split}, then label columns) and one table per modality with a {@code sample} column and
 * one column per feature; a patient without the modality has no row, or a row of missing cells.
 * The modality is named by the file's base name.
 *
 * <p><b>UCSC Xena</b>: a phenotype table ({@code clinical.tsv}, first column the sample id) and
 * genomic matrices with one row per feature and one column per patient; a column that is entirely
 * missing means the patient lacks the modality. Modality names are the file base names lowercased
 * with everything but {@code [a-z0-9]} removed. Patients found only in matrices are kept, without
 * labels, because real exports are rarely consistent.
 *
 * <p>The layout is the one {@code cohort.json} or the overrides name, else sample-major when a
 * {@code samples.tsv}, {@code .csv} or {@code .parquet} exists, else Xena when a phenotype table
 * exists. Files ending in {@code .tsv} or {@code .txt} are tab-separated, {@code .csv}
 * comma-separated, {@code .parquet} Parquet ({@link ParquetTables}, same columns). Missing
 * cells are empty or {@code NA}, {@code NaN}, {@code nan}; they become {@code NaN} inside a present
 * row and are left out of the labels.
 */
public final class CohortReader {
    private static final Logger LOG = LoggerFactory.getLogger(CohortReader.class);
    private static final String DEFAULT_SAMPLE_COLUMN = "sample";

    private CohortReader() {}

    /** Reads a cohort folder with its {@code cohort.json}, if any. */
    public static Cohort read(Path dir) {
        return read(dir, CohortOptions.none());
    }

    /**
     * Reads a cohort folder; the non-null fields of {@code overrides} win over {@code cohort.json}.
     *
     * @throws CohortFormatException when a file is malformed, naming the file, line and problem
     */
    public static Cohort read(Path dir, CohortOptions overrides) {
        if (!Files.isDirectory(dir)) {
            throw new CohortFormatException(dir + ": not a directory");
        }
        CohortOptions options = CohortOptions.DEFAULTS;
        Path json = dir.resolve(CohortOptions.FILE_NAME);
        if (Files.isRegularFile(json)) {
            options = options.overriddenBy(CohortOptions.fromJson(json));
        }
        options = options.overriddenBy(overrides);
        Path name = dir.toAbsolutePath().normalize().getFileName();
        String cohortName = name == null ? "cohort" : name.toString();
        Layout layout = options.layout() != null ? options.layout() : CohortFiles.detect(dir, options);
        Cohort cohort =
                layout == Layout.XENA ? readXena(dir, cohortName, options) : readSampleMajor(dir, cohortName, options);
        LOG.info(
                "read cohort '{}' ({} layout): {} samples, modalities {}",
                cohortName,
                layout.label(),
                cohort.size(),
                cohort.modalityNames());
        return cohort;
    }

    private static Cohort readSampleMajor(Path dir, String cohortName, CohortOptions options) {
        Path samplesFile = CohortFiles.table(dir, options.phenotype(), CohortFiles.SAMPLE_TABLES, "samples table");
        String sampleColumn = options.sampleColumn() != null ? options.sampleColumn() : DEFAULT_SAMPLE_COLUMN;
        Phenotype phenotype = readPhenotype(dir, samplesFile, sampleColumn, options);
        boolean explicit = options.modalities() != null;
        Map<String, Path> files = explicit
                ? CohortFiles.resolve(dir, options.modalities())
                : CohortFiles.discover(dir, samplesFile, CohortFiles::isTable, CohortFiles::baseName);
        Map<String, ModalityMatrix> modalities = new TreeMap<>();
        for (Map.Entry<String, Path> e : files.entrySet()) {
            ModalityMatrix m = readRows(dir, e.getValue(), e.getKey(), sampleColumn, phenotype, explicit);
            if (m != null) {
                modalities.put(e.getKey(), m);
            }
        }
        return new Cohort(cohortName, phenotype.samples(), modalities);
    }

    private static Cohort readXena(Path dir, String cohortName, CohortOptions options) {
        Path phenotypeFile =
                CohortFiles.table(dir, options.phenotype(), CohortFiles.PHENOTYPE_TABLES, "phenotype table");
        Phenotype phenotype = readPhenotype(dir, phenotypeFile, options.sampleColumn(), options);
        Map<String, Path> files = options.modalities() != null
                ? CohortFiles.resolve(dir, options.modalities())
                : CohortFiles.discover(dir, phenotypeFile, CohortFiles::isXenaMatrix, CohortFiles::xenaModalityName);
        List<Sample> samples = new ArrayList<>(phenotype.samples());
        Map<String, Integer> index = new HashMap<>(phenotype.index());
        List<Matrix> matrices = new ArrayList<>();
        for (Map.Entry<String, Path> e : files.entrySet()) {
            Matrix m = readMatrix(CohortFiles.display(dir, e.getValue()), e.getValue(), e.getKey());
            boolean overlap = false;
            for (String p : m.patients()) {
                overlap |= phenotype.index().containsKey(p);
            }
            if (!overlap) {
                throw CohortFormatException.at(m.file(), 1, "no sample in common with " + phenotype.file());
            }
            for (String p : m.patients()) {
                if (!index.containsKey(p)) {
                    index.put(p, samples.size());
                    samples.add(new Sample(p, null, null, Map.of()));
                }
            }
            matrices.add(m);
        }
        int extra = samples.size() - phenotype.samples().size();
        if (extra > 0) {
            LOG.warn(
                    "{} patients appear in modality files but not in {}; kept without labels", extra, phenotype.file());
        }
        Map<String, ModalityMatrix> modalities = new TreeMap<>();
        for (Matrix m : matrices) {
            float[][] rows = new float[samples.size()][];
            for (int j = 0; j < m.patients().length; j++) {
                rows[index.get(m.patients()[j])] = m.columns()[j];
            }
            modalities.put(m.name(), new ModalityMatrix(m.name(), m.features(), rows));
        }
        return new Cohort(cohortName, samples, modalities);
    }

    /** The samples of a samples or phenotype table, in file order. */
    private record Phenotype(String file, List<Sample> samples, Map<String, Integer> index) {}

    /**
     * Reads a samples or phenotype table.
     *
     * @param sampleColumn the id column's name, or {@code null} for the first column
     */
    private static Phenotype readPhenotype(Path dir, Path file, String sampleColumn, CohortOptions options) {
        String display = CohortFiles.display(dir, file);
        try (TableReader t = TableReader.open(file, display)) {
            String[] header = t.header();
            int sc = sampleColumn == null ? 0 : indexOf(header, sampleColumn);
            if (sc < 0) {
                throw t.error("no '" + sampleColumn + "' column in the header");
            }
            int tc = indexOf(header, options.typeColumn());
            int spc = indexOf(header, options.splitColumn());
            List<Sample> samples = new ArrayList<>();
            Map<String, Integer> index = new HashMap<>();
            Map<String, Integer> lineOf = new HashMap<>();
            String[] row;
            while ((row = t.next()) != null) {
                String id = sampleId(t, row[sc]);
                Integer first = lineOf.putIfAbsent(id, t.line());
                if (first != null) {
                    throw t.error("duplicate sample " + TableReader.quote(id) + " (first on line " + first + ")");
                }
                String type = null;
                if (tc >= 0 && tc != sc && !TableReader.missing(row[tc].strip())) {
                    type = row[tc].strip();
                }
                Split split = null;
                if (spc >= 0 && spc != sc) {
                    String s = row[spc].strip();
                    if (TableReader.missing(s)) {
                        throw t.error("empty " + header[spc] + " cell");
                    }
                    try {
                        split = Split.parse(s);
                    } catch (IllegalArgumentException e) {
                        throw t.error("unknown split " + TableReader.quote(s) + " (expected train, val or test)");
                    }
                }
                Map<String, String> labels = new HashMap<>();
                for (int j = 0; j < row.length; j++) {
                    String v = row[j].strip();
                    if (j != sc && j != tc && j != spc && !TableReader.missing(v)) {
                        labels.put(header[j], v);
                    }
                }
                index.put(id, samples.size());
                samples.add(new Sample(id, type, split, labels));
            }
            if (samples.isEmpty()) {
                throw t.error("header but no data rows");
            }
            return new Phenotype(display, samples, index);
        }
    }

    /**
     * Reads a sample-major modality table into rows by sample index.
     *
     * @return {@code null} when a discovered table has no sample column: it is not a modality
     */
    private static ModalityMatrix readRows(
            Path dir, Path file, String modality, String sampleColumn, Phenotype phenotype, boolean explicit) {
        String display = CohortFiles.display(dir, file);
        try (TableReader t = TableReader.open(file, display)) {
            String[] header = t.header();
            int sc = indexOf(header, sampleColumn);
            if (sc < 0) {
                if (explicit) {
                    throw t.error("no '" + sampleColumn + "' column in the header");
                }
                // Folders also hold side tables (oracle scores, notes); skipping beats failing on them.
                LOG.warn("skipping {}: no '{}' column, so not a modality table", display, sampleColumn);
                return null;
            }
            List<String> features = new ArrayList<>();
            for (int j = 0; j < header.length; j++) {
                if (j != sc) {
                    features.add(header[j]);
                }
            }
            if (features.isEmpty()) {
                throw t.error("no feature columns");
            }
            int n = phenotype.samples().size();
            float[][] rows = new float[n][];
            int[] lineOf = new int[n];
            int dataRows = 0;
            String[] row;
            while ((row = t.next()) != null) {
                dataRows++;
                String id = sampleId(t, row[sc]);
                Integer i = phenotype.index().get(id);
                if (i == null) {
                    throw t.error("sample " + TableReader.quote(id) + " is not in " + phenotype.file());
                }
                if (lineOf[i] != 0) {
                    throw t.error("duplicate sample " + TableReader.quote(id) + " (first on line " + lineOf[i] + ")");
                }
                lineOf[i] = t.line();
                float[] values = new float[features.size()];
                boolean any = false;
                for (int j = 0, k = 0; j < row.length; j++) {
                    if (j != sc) {
                        float v = t.value(row[j], header[j]);
                        values[k++] = v;
                        any |= !Float.isNaN(v);
                    }
                }
                rows[i] = any ? values : null;
            }
            if (dataRows == 0) {
                throw t.error("header but no data rows");
            }
            return new ModalityMatrix(modality, features, rows);
        }
    }

    /** A Xena matrix turned around: one column of values per patient, {@code null} when all missing. */
    private record Matrix(String name, String file, List<String> features, String[] patients, float[][] columns) {}

    private static Matrix readMatrix(String display, Path file, String modality) {
        try (TableReader t = TableReader.open(file, display)) {
            String[] header = t.header();
            if (header.length < 2) {
                throw t.error("no sample columns");
            }
            int m = header.length - 1;
            String[] patients = new String[m];
            System.arraycopy(header, 1, patients, 0, m);
            List<String> features = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            List<float[]> featureRows = new ArrayList<>();
            String[] row;
            while ((row = t.next()) != null) {
                String feature = row[0].strip();
                if (feature.isEmpty()) {
                    throw t.error("empty feature name");
                }
                if (!seen.add(feature)) {
                    throw t.error("duplicate feature " + TableReader.quote(feature));
                }
                float[] values = new float[m];
                for (int j = 0; j < m; j++) {
                    values[j] = t.value(row[j + 1], header[j + 1]);
                }
                features.add(feature);
                featureRows.add(values);
            }
            if (features.isEmpty()) {
                throw t.error("header but no data rows");
            }
            float[][] columns = new float[m][];
            for (int j = 0; j < m; j++) {
                float[] column = new float[features.size()];
                boolean any = false;
                for (int k = 0; k < column.length; k++) {
                    column[k] = featureRows.get(k)[j];
                    any |= !Float.isNaN(column[k]);
                }
                columns[j] = any ? column : null;
            }
            return new Matrix(modality, display, features, patients, columns);
        }
    }

    private static String sampleId(TableReader t, String cell) {
        String id = cell.strip();
        if (id.isEmpty()) {
            throw t.error("empty sample id");
        }
        return id;
    }

    private static int indexOf(String[] header, String name) {
        if (name == null) {
            return -1;
        }
        for (int j = 0; j < header.length; j++) {
            if (header[j].equals(name)) {
                return j;
            }
        }
        return -1;
    }
}
