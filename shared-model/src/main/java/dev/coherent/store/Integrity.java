package dev.coherent.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Checks a local copy of a model set against the digests recorded when it was written. */
public final class Integrity {

    /** How many offending keys a message names before it only counts the rest. */
    private static final int SHOWN_KEYS = 5;

    private Integrity() {}

    /**
     * Recomputes the SHA-256 of every file listed in {@code expected} (key relative to {@code dir}
     * mapped to lowercase hex) and throws {@link TamperedModelException} when any differs or is
     * missing. Files under {@code dir} that {@code expected} does not list are ignored.
     *
     * @param what names the model set in the message, e.g. {@code "model set s3://b/p"}
     */
    public static void verify(Path dir, Map<String, String> expected, String what) {
        List<String> changed = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        // Sorted so that the message is the same from one run to the next.
        for (Map.Entry<String, String> e : new TreeMap<>(expected).entrySet()) {
            Path file;
            try {
                file = Keys.resolve(dir, e.getKey());
            } catch (IllegalArgumentException unsafe) {
                // A key that points outside the folder can only come from an edited manifest.
                changed.add(e.getKey());
                continue;
            }
            if (!Files.isRegularFile(file)) {
                missing.add(e.getKey());
            } else if (!Digests.sha256(file).equalsIgnoreCase(e.getValue())) {
                changed.add(e.getKey());
            }
        }
        if (changed.isEmpty() && missing.isEmpty()) {
            return;
        }
        StringBuilder msg = new StringBuilder(what)
                .append(" failed its integrity check: the model set was modified or is incomplete (");
        if (!changed.isEmpty()) {
            msg.append(changed.size()).append(" changed: ").append(firstFew(changed));
        }
        if (!missing.isEmpty()) {
            msg.append(changed.isEmpty() ? "" : "; ")
                    .append(missing.size())
                    .append(" missing: ")
                    .append(firstFew(missing));
        }
        throw new TamperedModelException(msg.append(')').toString());
    }

    private static String firstFew(List<String> keys) {
        String shown = String.join(", ", keys.subList(0, Math.min(SHOWN_KEYS, keys.size())));
        return keys.size() > SHOWN_KEYS ? shown + ", ..." : shown;
    }
}
