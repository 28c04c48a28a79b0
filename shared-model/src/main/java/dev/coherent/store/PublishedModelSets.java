package dev.coherent.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coherent.json.Json;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The model sets published under a location, which is either one model set (it holds a
 * {@code manifest.json}) or a folder of them (each child folder holding one, such as
 * {@code models/2026-12-01/}, {@code models/2026-12-03/}). Publishing a new set into the folder
 * is how a new version reaches the functions that serve the location: they serve the newest, by
 * the manifest's {@code created_at}.
 *
 * <p>Reads only manifests, so it is cheap enough to poll. The manifest is written last by
 * {@link ModelStore#publish}, so a listed set is complete; whether it is intact is for the loader
 * to verify.
 */
public final class PublishedModelSets {
    /** One published set: where it is, what its manifest says, and the sha256 that identifies it. */
    public record Published(String uri, String version, Instant createdAt, String manifestSha256) {}

    private static final Comparator<Published> NEWEST_LAST = Comparator.comparing(Published::createdAt)
            .thenComparing(Published::version)
            .thenComparing(Published::uri);

    private PublishedModelSets() {}

    /**
     * The newest child set of a folder of sets, else the location itself, whose loading then
     * explains what is missing. For a single set it checks only that the manifest exists.
     */
    public static String resolve(String location, S3Settings s3) {
        try (ModelStore store = ModelStores.open(location, s3)) {
            if (store.exists(ModelSetLayout.MANIFEST)) {
                return location;
            }
            return children(location, store).stream()
                    .max(NEWEST_LAST)
                    .map(Published::uri)
                    .orElse(location);
        }
    }

    /**
     * The newest set under {@code location} (the location itself when it is one).
     *
     * @throws ModelNotFoundException when the location holds no model set at all
     */
    public static Published newest(String location, S3Settings s3) {
        try (ModelStore store = ModelStores.open(location, s3)) {
            if (store.exists(ModelSetLayout.MANIFEST)) {
                return describe(location, store.read(ModelSetLayout.MANIFEST));
            }
            return newest(location, store);
        }
    }

    private static Published newest(String location, ModelStore store) {
        return children(location, store).stream()
                .max(NEWEST_LAST)
                .orElseThrow(() -> new ModelNotFoundException("no model set at " + location + ": it holds neither a "
                        + ModelSetLayout.MANIFEST + " nor folders with one"));
    }

    private static List<Published> children(String location, ModelStore store) {
        List<Published> sets = new ArrayList<>();
        for (String key : store.list("")) {
            int slash = key.indexOf('/');
            String child = slash > 0 ? key.substring(0, slash) : "";
            // One level down only, and not a set's audit reference (a sibling folder with its own manifest).
            if (child.isEmpty()
                    || !key.substring(slash + 1).equals(ModelSetLayout.MANIFEST)
                    || child.endsWith(ModelSetLayout.AUDIT_REFERENCE_SUFFIX)) {
                continue;
            }
            sets.add(describe(child(location, child), store.read(key)));
        }
        return sets;
    }

    private static Published describe(String uri, byte[] manifest) {
        try {
            JsonNode m = Json.MAPPER.readTree(manifest);
            return new Published(
                    uri,
                    m.path("version").asText(""),
                    Instant.parse(m.path("created_at").asText()),
                    Digests.sha256(manifest));
        } catch (IOException | DateTimeParseException e) {
            throw new MalformedModelException(
                    uri + "/" + ModelSetLayout.MANIFEST + ": not a model-set manifest with a version and created_at: "
                            + e.getMessage(),
                    e);
        }
    }

    private static String child(String location, String name) {
        return location.endsWith("/") ? location + name : location + "/" + name;
    }
}
