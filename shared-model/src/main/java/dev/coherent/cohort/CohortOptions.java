package dev.coherent.cohort;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How a cohort folder is laid out; each {@code null} field means "not set".
 *
 * <p>Settings are layered: {@link #DEFAULTS}, then the folder's optional {@code cohort.json}, then
 * the overrides given to {@link CohortReader#read(Path, CohortOptions)}; a later non-null field
 * wins. Start overrides from {@link #none()}.
 *
 * @param layout how the tables are arranged; {@code null} detects it from the files present
 * @param phenotype the samples or phenotype table's file name; {@code null} tries the layout's
 *     default names ({@code samples.tsv}, {@code samples.csv}; or {@code clinical.tsv},
 *     {@code phenotype.tsv}, {@code clinical.csv}, {@code phenotype.csv})
 * @param sampleColumn the sample id column; {@code null} means {@code sample} for the sample-major
 *     layout and the first column of the phenotype table for Xena
 * @param typeColumn the cancer type column; when the table lacks it, samples have no type
 * @param splitColumn the split column; when the table lacks it, samples have no split
 * @param modalities modality name to file name; {@code null} reads every table in the folder
 *
 * <p>{@code cohort.json} may also hold a {@code preprocessing} block, which makes the cohort a raw
 * one; {@code dev.coherent.preprocess.PreprocessingConfig} reads it.
 */
public record CohortOptions(
        Layout layout,
        String phenotype,
        String sampleColumn,
        String typeColumn,
        String splitColumn,
        Map<String, String> modalities) {

    /** The built-in settings, under every other layer. */
    public static final CohortOptions DEFAULTS = new CohortOptions(null, null, null, "cancer_type", "split", null);

    /** The name of the optional settings file inside a cohort folder. */
    public static final String FILE_NAME = "cohort.json";

    /** How the tables of a cohort folder are arranged. */
    public enum Layout {
        /** A samples table plus one table per modality with a row per sample. */
        SAMPLE_MAJOR("sample-major"),
        /** UCSC Xena: a phenotype table plus genomic matrices with a column per sample. */
        XENA("xena");

        private final String label;

        Layout(String label) {
            this.label = label;
        }

        /** The name used in {@code cohort.json}. */
        public String label() {
            return label;
        }

        /** Parses {@code sample-major} or {@code xena}, case-insensitively. */
        public static Layout parse(String text) {
            for (Layout l : values()) {
                if (l.label.equals(text.toLowerCase(Locale.ROOT))) {
                    return l;
                }
            }
            throw new IllegalArgumentException("unknown layout '" + text + "' (expected sample-major or xena)");
        }
    }

    public CohortOptions {
        modalities = modalities == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(modalities));
    }

    /** Options with nothing set, the starting point for overrides. */
    public static CohortOptions none() {
        return new CohortOptions(null, null, null, null, null, null);
    }

    public CohortOptions withLayout(Layout value) {
        return new CohortOptions(value, phenotype, sampleColumn, typeColumn, splitColumn, modalities);
    }

    public CohortOptions withPhenotype(String value) {
        return new CohortOptions(layout, value, sampleColumn, typeColumn, splitColumn, modalities);
    }

    public CohortOptions withSampleColumn(String value) {
        return new CohortOptions(layout, phenotype, value, typeColumn, splitColumn, modalities);
    }

    public CohortOptions withTypeColumn(String value) {
        return new CohortOptions(layout, phenotype, sampleColumn, value, splitColumn, modalities);
    }

    public CohortOptions withSplitColumn(String value) {
        return new CohortOptions(layout, phenotype, sampleColumn, typeColumn, value, modalities);
    }

    public CohortOptions withModalities(Map<String, String> value) {
        return new CohortOptions(layout, phenotype, sampleColumn, typeColumn, splitColumn, value);
    }

    /** These options with every field that {@code other} sets replaced by its value. */
    public CohortOptions overriddenBy(CohortOptions other) {
        return new CohortOptions(
                other.layout != null ? other.layout : layout,
                other.phenotype != null ? other.phenotype : phenotype,
                other.sampleColumn != null ? other.sampleColumn : sampleColumn,
                other.typeColumn != null ? other.typeColumn : typeColumn,
                other.splitColumn != null ? other.splitColumn : splitColumn,
                other.modalities != null ? other.modalities : modalities);
    }

    /**
     * Reads a {@code cohort.json} file; keys it does not set stay {@code null}.
     *
     * @throws CohortFormatException on malformed JSON, an unknown key or an unknown layout
     */
    public static CohortOptions fromJson(Path file) {
        String name = String.valueOf(file.getFileName());
        ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        Json json;
        try {
            json = mapper.readValue(file.toFile(), Json.class);
        } catch (UnrecognizedPropertyException e) {
            throw CohortFormatException.at(
                    name,
                    line(e.getLocation()),
                    "unknown key '" + e.getPropertyName()
                            + "' (known: layout, phenotype, sample_column, type_column, split_column, modalities, preprocessing)");
        } catch (JsonProcessingException e) {
            throw CohortFormatException.at(name, line(e.getLocation()), e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
        if (json == null) {
            throw CohortFormatException.at(name, 1, "expected a JSON object");
        }
        Layout layout;
        try {
            layout = json.layout == null ? null : Layout.parse(json.layout);
        } catch (IllegalArgumentException e) {
            throw CohortFormatException.at(name, 1, e.getMessage());
        }
        return new CohortOptions(
                layout, json.phenotype, json.sampleColumn, json.typeColumn, json.splitColumn, json.modalities);
    }

    private static int line(JsonLocation location) {
        return location == null || location.getLineNr() < 1 ? 1 : location.getLineNr();
    }

    /**
     * The file's shape. A plain class rather than a record: Jackson then binds keys one by one and
     * reports an unknown key at its own line instead of at the end of the object.
     */
    private static final class Json {
        @JsonProperty("layout")
        String layout;

        @JsonProperty("phenotype")
        String phenotype;

        @JsonProperty("sample_column")
        String sampleColumn;

        @JsonProperty("type_column")
        String typeColumn;

        @JsonProperty("split_column")
        String splitColumn;

        @JsonProperty("modalities")
        Map<String, String> modalities;
        /** Read by {@code dev.coherent.preprocess.PreprocessingConfig}; accepted here so the key is known. */
        @JsonProperty("preprocessing")
        JsonNode preprocessing;
    }
}
