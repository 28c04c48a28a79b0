package dev.coherent.preprocess;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.coherent.cohort.CohortFormatException;
import dev.coherent.cohort.CohortOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the {@code preprocessing} block of a cohort's {@code cohort.json}: one object per modality.
 *
 * <pre>
 * "preprocessing": {
 *   "rnaseq": {"recipe": "counts", "min_cpm": 1, "min_fraction": 0.2, "impute": "knn", "k": 5,
 *              "latent": "autoencoder", "latent_dim": 16, "layers": 3, "shrink": 1},
 *   "rppa":   {"recipe": "median_center", "latent": "pca", "latent_dim": "auto"},
 *   "cna":    {"recipe": "calls", "impute": "median", "layers": 2, "shrink": 3},
 *   "wsi":    {"recipe": "none", "latent": "pca"}
 * }
 * </pre>
 *
 * <p>A cohort whose {@code cohort.json} has this block is a <em>raw</em> cohort: {@code coherent
 * train} fits the preprocessing and the encoders before the denoisers. Parsed with a streaming
 * parser so that every error names the line of the offending key; keys that do not apply to the
 * chosen recipe, imputation or latent are errors rather than silently ignored.
 */
public final class PreprocessingConfig {
    /** The key of the block inside {@code cohort.json}. */
    public static final String KEY = "preprocessing";

    private static final List<String> KNOWN = List.of(
            "recipe",
            "min_cpm",
            "min_fraction",
            "max_missing",
            "impute",
            "k",
            "latent",
            "latent_dim",
            "layers",
            "shrink");

    private PreprocessingConfig() {}

    /** The block of a cohort folder's {@code cohort.json}; empty when there is no file or no block. */
    public static Map<String, PreprocessingSpec> read(Path cohortDir) {
        Path file = cohortDir.resolve(CohortOptions.FILE_NAME);
        return Files.isRegularFile(file) ? fromJson(file) : Map.of();
    }

    /**
     * Parses the block of a {@code cohort.json} file, in file order; empty when it has none.
     *
     * @throws CohortFormatException naming the file and line of a malformed or inconsistent entry
     */
    public static Map<String, PreprocessingSpec> fromJson(Path file) {
        String name = String.valueOf(file.getFileName());
        try (JsonParser p = new JsonFactory().createParser(file.toFile())) {
            return parse(p, name);
        } catch (JsonParseException e) {
            throw CohortFormatException.at(
                    name, e.getLocation() == null ? 1 : line(e.getLocation().getLineNr()), e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }

    private static int line(int l) {
        return Math.max(l, 1);
    }

    private static Map<String, PreprocessingSpec> parse(JsonParser p, String file) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw CohortFormatException.at(file, line(p.currentLocation().getLineNr()), "expected a JSON object");
        }
        Map<String, PreprocessingSpec> out = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken value = p.nextToken();
            if (!KEY.equals(key)) {
                p.skipChildren();
                continue;
            }
            if (value != JsonToken.START_OBJECT) {
                throw CohortFormatException.at(file, lineOf(p), KEY + " must be an object of modality → settings");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String modality = p.currentName();
                int at = lineOf(p);
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    throw CohortFormatException.at(file, lineOf(p), KEY + "." + modality + " must be an object");
                }
                if (out.containsKey(modality)) {
                    throw CohortFormatException.at(file, at, KEY + "." + modality + " appears twice");
                }
                out.put(modality, modality(p, file, modality, at));
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** Reads one modality's object; the parser stands on its START_OBJECT. */
    private static PreprocessingSpec modality(JsonParser p, String file, String modality, int at) throws IOException {
        String where = KEY + "." + modality;
        Map<String, Object> values = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            int line = lineOf(p);
            if (!KNOWN.contains(key)) {
                throw CohortFormatException.at(
                        file, line, where + ": unknown key '" + key + "' (known: " + String.join(", ", KNOWN) + ")");
            }
            if (!seen.add(key)) {
                throw CohortFormatException.at(file, line, where + ": key '" + key + "' appears twice");
            }
            JsonToken t = p.nextToken();
            boolean autoDim = key.equals("latent_dim") && t == JsonToken.VALUE_STRING && "auto".equals(p.getText());
            boolean text = key.equals("recipe") || key.equals("impute") || key.equals("latent") || autoDim;
            if (text && t != JsonToken.VALUE_STRING) {
                throw CohortFormatException.at(file, lineOf(p), where + "." + key + " must be a string");
            }
            if (!text && t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
                throw CohortFormatException.at(file, lineOf(p), where + "." + key + " must be a number");
            }
            boolean integer = (key.equals("k") || key.equals("latent_dim") || key.equals("layers")) && !autoDim;
            if (integer && t != JsonToken.VALUE_NUMBER_INT) {
                throw CohortFormatException.at(file, lineOf(p), where + "." + key + " must be a whole number");
            }
            try {
                values.put(
                        key,
                        switch (key) {
                            case "recipe" -> Recipe.parse(p.getText());
                            case "impute" -> CellImputation.parse(p.getText());
                            case "latent" -> LatentKind.parse(p.getText());
                            case "latent_dim" -> autoDim ? PreprocessingSpec.AUTO_LATENT_DIM : p.getIntValue();
                            case "k", "layers" -> p.getIntValue();
                            default -> p.getDoubleValue();
                        });
            } catch (IllegalArgumentException e) {
                throw CohortFormatException.at(file, lineOf(p), where + ": " + e.getMessage());
            }
        }
        return build(values, file, where, at);
    }

    private static PreprocessingSpec build(Map<String, Object> v, String file, String where, int at) {
        Recipe recipe = (Recipe) v.get("recipe");
        if (recipe == null) {
            throw CohortFormatException.at(
                    file, at, where + ": no recipe (expected counts, log_ratio, calls, median_center or none)");
        }
        CellImputation impute = (CellImputation) v.getOrDefault("impute", CellImputation.KNN);
        LatentKind latent = (LatentKind) v.getOrDefault("latent", LatentKind.AUTOENCODER);
        // Settings that the chosen options ignore are mistakes worth reporting, not silently dropping.
        inapplicable(v, recipe != Recipe.COUNTS, List.of("min_cpm", "min_fraction"), "recipe counts", file, where, at);
        inapplicable(v, impute != CellImputation.KNN, List.of("k"), "impute knn", file, where, at);
        inapplicable(
                v,
                latent != LatentKind.AUTOENCODER,
                List.of("layers", "shrink"),
                "latent autoencoder",
                file,
                where,
                at);
        inapplicable(v, latent == LatentKind.NONE, List.of("latent_dim"), "latent autoencoder or pca", file, where, at);
        try {
            return new PreprocessingSpec(
                    recipe,
                    ((Number) v.getOrDefault("min_cpm", PreprocessingSpec.DEFAULT_MIN_CPM)).doubleValue(),
                    ((Number) v.getOrDefault("min_fraction", PreprocessingSpec.DEFAULT_MIN_FRACTION)).doubleValue(),
                    ((Number) v.getOrDefault("max_missing", PreprocessingSpec.DEFAULT_MAX_MISSING)).doubleValue(),
                    impute,
                    ((Number) v.getOrDefault("k", PreprocessingSpec.DEFAULT_K)).intValue(),
                    latent,
                    ((Number) v.getOrDefault("latent_dim", PreprocessingSpec.DEFAULT_LATENT_DIM)).intValue(),
                    ((Number) v.getOrDefault("layers", PreprocessingSpec.DEFAULT_LAYERS)).intValue(),
                    ((Number) v.getOrDefault("shrink", PreprocessingSpec.DEFAULT_SHRINK)).doubleValue());
        } catch (IllegalArgumentException e) {
            throw CohortFormatException.at(file, at, where + ": " + e.getMessage());
        }
    }

    private static void inapplicable(
            Map<String, Object> v,
            boolean notApplicable,
            List<String> keys,
            String needs,
            String file,
            String where,
            int at) {
        if (!notApplicable) {
            return;
        }
        for (String k : keys) {
            if (v.containsKey(k)) {
                throw CohortFormatException.at(file, at, where + ": '" + k + "' only applies to " + needs);
            }
        }
    }

    private static int lineOf(JsonParser p) {
        return line(p.currentTokenLocation().getLineNr());
    }
}
