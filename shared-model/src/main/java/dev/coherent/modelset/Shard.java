package dev.coherent.modelset;

import dev.coherent.diffusion.DenoiserSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The {@code index}-th of {@code count} parts of a training run ({@code --shard I/N}, 1-based).
 *
 * <p>The partition is round-robin over the denoisers sorted by name: deterministic, independent of
 * the machine, and balanced to one model (pair and multi-condition models interleave by name, so
 * each shard gets a similar mix of both).
 */
public record Shard(int index, int count) {
    public Shard {
        if (count < 1 || index < 1 || index > count) {
            throw new IllegalArgumentException(
                    "shard " + index + "/" + count + " does not exist: expected I/N with 1 <= I <= N");
        }
    }

    /** Parses {@code I/N}. */
    public static Shard parse(String text) {
        String[] parts = text.strip().split("/", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("shard '" + text + "' is not I/N (e.g. 1/2)");
        }
        try {
            return new Shard(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("shard '" + text + "' is not I/N (e.g. 1/2)", e);
        }
    }

    /** The denoisers of {@code all} this shard trains. */
    public List<DenoiserSpec> select(List<DenoiserSpec> all) {
        List<DenoiserSpec> sorted =
                all.stream().sorted(Comparator.comparing(DenoiserSpec::name)).toList();
        List<DenoiserSpec> mine = new ArrayList<>();
        for (int k = index - 1; k < sorted.size(); k += count) {
            mine.add(sorted.get(k));
        }
        return mine;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
