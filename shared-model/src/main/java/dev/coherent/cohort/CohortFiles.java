package dev.coherent.cohort;

import dev.coherent.cohort.CohortOptions.Layout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Finds a cohort folder's tables for {@link CohortReader}: its layout, samples table and modality files. */
final class CohortFiles {
    static final List<String> SAMPLE_TABLES = List.of("samples.tsv", "samples.csv", "samples.parquet");
    static final List<String> PHENOTYPE_TABLES = List.of(
            "clinical.tsv", "phenotype.tsv", "clinical.csv", "phenotype.csv", "clinical.parquet", "phenotype.parquet");

    /** Lowercases a file's base name and keeps only {@code [a-z0-9]}: the Xena modality name. */
    static String xenaModalityName(String fileName) {
        String base = baseName(fileName).toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(base.length());
        for (int i = 0; i < base.length(); i++) {
            char c = base.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                out.append(c);
            }
        }
        return out.toString();
    }

    static Layout detect(Path dir, CohortOptions options) {
        if (firstExisting(dir, SAMPLE_TABLES) != null) {
            return Layout.SAMPLE_MAJOR;
        }
        List<String> phenotypes = options.phenotype() != null ? List.of(options.phenotype()) : PHENOTYPE_TABLES;
        if (firstExisting(dir, phenotypes) != null) {
            return Layout.XENA;
        }
        throw new CohortFormatException(dir + ": cannot tell the layout: no " + String.join(" or ", SAMPLE_TABLES)
                + " (sample-major) and no " + String.join(", ", phenotypes) + " (Xena)");
    }

    /** A sample-major modality table: delimited text or Parquet. */
    static boolean isTable(String fileName) {
        return TableFormat.isTable(fileName) || ParquetTables.isParquet(fileName);
    }

    static boolean isXenaMatrix(String fileName) {
        String n = fileName.toLowerCase(Locale.ROOT);
        return n.endsWith(".tsv") || n.endsWith(".csv") || ParquetTables.isParquet(n);
    }

    /** The named table, or the first of the defaults that exists. */
    static Path table(Path dir, String named, List<String> defaults, String what) {
        if (named != null) {
            Path p = dir.resolve(named);
            if (!Files.isRegularFile(p)) {
                throw new CohortFormatException(dir + ": " + what + " " + named + " not found");
            }
            return p;
        }
        Path p = firstExisting(dir, defaults);
        if (p == null) {
            throw new CohortFormatException(dir + ": no " + what + " (tried " + String.join(", ", defaults) + ")");
        }
        return p;
    }

    private static Path firstExisting(Path dir, List<String> names) {
        for (String n : names) {
            Path p = dir.resolve(n);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    /** The files named by {@code cohort.json} or the overrides, which must exist. */
    static Map<String, Path> resolve(Path dir, Map<String, String> named) {
        Map<String, Path> out = new TreeMap<>();
        for (Map.Entry<String, String> e : named.entrySet()) {
            Path p = dir.resolve(e.getValue());
            if (!Files.isRegularFile(p)) {
                throw new CohortFormatException(
                        dir + ": file " + e.getValue() + " of modality '" + e.getKey() + "' not found");
            }
            out.put(e.getKey(), p);
        }
        return out;
    }

    /** Every table in the folder but the samples table, keyed by modality name. */
    static Map<String, Path> discover(
            Path dir, Path exclude, Predicate<String> accept, Function<String, String> naming) {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        Map<String, Path> out = new TreeMap<>();
        for (Path p : files) {
            String fileName = p.getFileName().toString();
            if (fileName.startsWith(".") || !accept.test(fileName) || isSameFile(p, exclude)) {
                continue;
            }
            String name = naming.apply(fileName);
            if (name.isEmpty()) {
                throw new CohortFormatException(dir + ": file " + fileName + " gives an empty modality name");
            }
            Path before = out.put(name, p);
            if (before != null) {
                throw new CohortFormatException(dir + ": files " + before.getFileName() + " and " + fileName
                        + " both give modality '" + name + "'");
            }
        }
        return out;
    }

    private static boolean isSameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compare " + a + " and " + b, e);
        }
    }

    static String baseName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }

    static String display(Path dir, Path file) {
        Path d = dir.toAbsolutePath().normalize();
        Path f = file.toAbsolutePath().normalize();
        return f.startsWith(d) ? d.relativize(f).toString() : f.getFileName().toString();
    }

    private CohortFiles() {}
}
