package dev.coherent.classifier;

import java.util.List;

/**
 * A classifier's inputs and shape: every modality of the model set, standardized and concatenated
 * (zeros where absent), followed by one 0/1 presence flag per modality; {@code layers} hidden
 * layers of {@code hidden} ReLU units; softmax over {@code classes}.
 */
public record ClassifierSpec(
        String label, List<String> classes, List<String> modalities, List<Integer> dims, int hidden, int layers) {
    public ClassifierSpec {
        classes = List.copyOf(classes);
        modalities = List.copyOf(modalities);
        dims = List.copyOf(dims);
        if (classes.size() < 2) {
            throw new IllegalArgumentException(
                    "a classifier needs at least two classes, label '" + label + "' has " + classes);
        }
    }

    public int featureWidth() {
        return dims.stream().mapToInt(Integer::intValue).sum();
    }

    public int offset(int modality) {
        int o = 0;
        for (int i = 0; i < modality; i++) {
            o += dims.get(i);
        }
        return o;
    }
}
