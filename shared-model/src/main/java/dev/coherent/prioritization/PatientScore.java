package dev.coherent.prioritization;

/**
 * How much measuring one modality could change one patient's prediction.
 *
 * @param disagreement share of draws of the missing modality for which the classifier's prediction
 *     differs from its prediction without the modality (the reference's score)
 * @param variance total variance of the predicted class probabilities across draws
 * @param baseline predicted class index without the modality
 * @param baselineProbabilities class probabilities without the modality
 * @param predictionCounts how many draws led to each class
 * @param diverged draws of the modality that diverged ({@link dev.coherent.metrics.Divergence}): all
 *     of them, or 0; the scores of diverged draws say nothing about the patient
 */
public record PatientScore(
        String patient,
        String modality,
        double disagreement,
        double variance,
        int baseline,
        float[] baselineProbabilities,
        int[] predictionCounts,
        int diverged) {

    /**
     * Scores from class probabilities: row 0 without the modality, rows 1.. with each draw of it;
     * no diverged draws.
     */
    public static PatientScore of(String patient, String modality, float[][] probabilities) {
        return of(patient, modality, probabilities, 0);
    }

    /**
     * Scores from class probabilities: row 0 without the modality, rows 1.. with each draw of it,
     * {@code diverged} of which diverged.
     */
    public static PatientScore of(String patient, String modality, float[][] probabilities, int diverged) {
        int[] predicted = dev.coherent.classifier.Classifier.argmax(probabilities);
        int baseline = predicted[0];
        int draws = probabilities.length - 1;
        if (draws < 1) {
            throw new IllegalArgumentException("need at least one draw");
        }
        int[] counts = new int[probabilities[0].length];
        int disagree = 0;
        for (int r = 1; r <= draws; r++) {
            counts[predicted[r]]++;
            if (predicted[r] != baseline) {
                disagree++;
            }
        }
        double variance = 0;
        for (int c = 0; c < counts.length; c++) {
            double mean = 0;
            for (int r = 1; r <= draws; r++) {
                mean += probabilities[r][c];
            }
            mean /= draws;
            double v = 0;
            for (int r = 1; r <= draws; r++) {
                v += (probabilities[r][c] - mean) * (probabilities[r][c] - mean);
            }
            variance += v / draws;
        }
        return new PatientScore(
                patient, modality, (double) disagree / draws, variance, baseline, probabilities[0], counts, diverged);
    }

    /** The score a ranking uses. */
    public double score(ScoreKind kind) {
        return kind == ScoreKind.DISAGREEMENT ? disagreement : variance;
    }
}
