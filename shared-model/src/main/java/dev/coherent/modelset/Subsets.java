package dev.coherent.modelset;

import java.util.ArrayList;
import java.util.List;

/** Subsets of a list of modalities, keeping the list's order inside each subset. */
public final class Subsets {
    private Subsets() {}

    /** Every non-empty subset, smallest first, then in bitmask order. */
    public static List<List<String>> nonEmpty(List<String> items) {
        List<List<String>> out = new ArrayList<>();
        for (int size = 1; size <= items.size(); size++) {
            for (int mask = 1; mask < (1 << items.size()); mask++) {
                if (Integer.bitCount(mask) != size) {
                    continue;
                }
                List<String> s = new ArrayList<>();
                for (int i = 0; i < items.size(); i++) {
                    if ((mask & (1 << i)) != 0) {
                        s.add(items.get(i));
                    }
                }
                out.add(s);
            }
        }
        return out;
    }
}
