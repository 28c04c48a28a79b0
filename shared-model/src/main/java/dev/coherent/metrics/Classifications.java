package dev.coherent.metrics;

/**
 * F1 scores of class predictions (labels are class indices 0..classes−1).
 *
 * <p>Macro F1 averages the per-class F1 over the classes present in the truth or the predictions
 * (scikit-learn's union convention); weighted F1 weights each class's F1 by its support in the
 * truth, as the reference's prioritization protocol does. A class with no true and no predicted
 * member is skipped; F1 of a class with zero precision and recall is 0.
 */
public final class Classifications {
    private Classifications() {}

    public static double macroF1(int[] truth, int[] predicted, int classes) {
        double[] f1 = perClassF1(truth, predicted, classes);
        int[] support = support(truth, classes);
        int[] predictedCount = support(predicted, classes);
        double sum = 0;
        int n = 0;
        for (int c = 0; c < classes; c++) {
            if (support[c] > 0 || predictedCount[c] > 0) {
                sum += f1[c];
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    public static double weightedF1(int[] truth, int[] predicted, int classes) {
        double[] f1 = perClassF1(truth, predicted, classes);
        int[] support = support(truth, classes);
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            sum += f1[c] * support[c];
        }
        return truth.length == 0 ? 0 : sum / truth.length;
    }

    static double[] perClassF1(int[] truth, int[] predicted, int classes) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException("truth and predictions differ in length");
        }
        int[] tp = new int[classes];
        int[] fp = new int[classes];
        int[] fn = new int[classes];
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] == predicted[i]) {
                tp[truth[i]]++;
            } else {
                fp[predicted[i]]++;
                fn[truth[i]]++;
            }
        }
        double[] f1 = new double[classes];
        for (int c = 0; c < classes; c++) {
            int denom = 2 * tp[c] + fp[c] + fn[c];
            f1[c] = denom == 0 ? 0 : 2.0 * tp[c] / denom;
        }
        return f1;
    }

    private static int[] support(int[] labels, int classes) {
        int[] s = new int[classes];
        for (int l : labels) {
            s[l]++;
        }
        return s;
    }
}
