package dev.coherent.cohort;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A set of patients and named modalities, each a matrix with per-patient presence.
 *
 * <p>Modalities are kept in alphabetical order of their names: that fixed order is the order of
 * condition inputs everywhere (it matches the reference's cna, rnaseq, rppa, wsi).
 */
public final class Cohort {
    private final String name;
    private final List<Sample> samples;
    private final Map<String, ModalityMatrix> modalities;
    private final Map<String, Integer> index = new HashMap<>();

    public Cohort(String name, List<Sample> samples, Map<String, ModalityMatrix> modalities) {
        this.name = name;
        this.samples = List.copyOf(samples);
        this.modalities = Collections.unmodifiableMap(new LinkedHashMap<>(new TreeMap<>(modalities)));
        for (int i = 0; i < samples.size(); i++) {
            if (index.put(samples.get(i).id(), i) != null) {
                throw new IllegalArgumentException(
                        "duplicate sample id " + samples.get(i).id());
            }
        }
        for (ModalityMatrix m : modalities.values()) {
            if (m.size() != samples.size()) {
                throw new IllegalArgumentException(
                        "modality " + m.name() + " has " + m.size() + " rows for " + samples.size() + " samples");
            }
        }
    }

    public String name() {
        return name;
    }

    public List<Sample> samples() {
        return samples;
    }

    public int size() {
        return samples.size();
    }

    public Sample sample(int i) {
        return samples.get(i);
    }

    /** Index of a sample id, or -1. */
    public int indexOf(String id) {
        return index.getOrDefault(id, -1);
    }

    public List<String> modalityNames() {
        return List.copyOf(modalities.keySet());
    }

    public Map<String, ModalityMatrix> modalities() {
        return modalities;
    }

    public ModalityMatrix modality(String modality) {
        ModalityMatrix m = modalities.get(modality);
        if (m == null) {
            throw new IllegalArgumentException("unknown modality '" + modality + "'; cohort has " + modalityNames());
        }
        return m;
    }

    /** True when the patient has every modality of the cohort. */
    public boolean complete(int i) {
        for (ModalityMatrix m : modalities.values()) {
            if (!m.present(i)) {
                return false;
            }
        }
        return true;
    }

    public boolean hasSplits() {
        for (Sample s : samples) {
            if (s.split() == null) {
                return false;
            }
        }
        return true;
    }

    /** Indices of the samples in a split, in cohort order. */
    public int[] indices(Split split) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            if (samples.get(i).split() == split) {
                out.add(i);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The same cohort with every sample's split replaced ({@code splits[i]} for sample i). */
    public Cohort withSplits(Split[] splits) {
        List<Sample> out = new ArrayList<>(samples.size());
        for (int i = 0; i < samples.size(); i++) {
            out.add(samples.get(i).withSplit(splits[i]));
        }
        return new Cohort(name, out, modalities);
    }
}
