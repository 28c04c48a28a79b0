package dev.coherent.modelset;

import dev.coherent.classifier.ClassifierSpec;
import java.util.List;
import java.util.Map;

/**
 * A downstream classifier stored in a model set ({@code classifiers/<label>/}).
 *
 * @param validationMacroF1 macro-F1 on the validation split with every modality present
 * @param files sha256 of the classifier's files, keys relative to its folder
 */
public record ClassifierEntry(
        String label,
        List<String> classes,
        List<String> modalities,
        List<Integer> dims,
        int hidden,
        int layers,
        double validationMacroF1,
        int trainingRows,
        int epochs,
        Map<String, String> files) {

    public ClassifierSpec spec() {
        return new ClassifierSpec(label, classes, modalities, dims, hidden, layers);
    }
}
