package dev.coherent.metrics;

/**
 * k-nearest-neighbour manifold estimates of generative precision and recall.
 *
 * <p>Kynkänniemi et al. 2019, "Improved precision and recall metric for assessing generative
 * models", NeurIPS (arXiv:1904.06991). Each point gets a ball reaching its k-th nearest other point
 * in its own set; precision is the share of generated points inside the real manifold (fidelity),
 * recall the share of real points inside the generated manifold (diversity). Use it with
 * {@link Distances#energyDistance} to audit unconditional generation (reference-method §7, k = 10).
 */
public final class Manifolds {

    /** Added to the F1 denominator, exactly as the reference, so P = R = 0 gives 0. */
    private static final double F1_EPSILON = 1e-8;

    private Manifolds() {}

    /**
     * Precision, recall and their F1 for the k-NN manifolds.
     *
     * @param precision share of generated points strictly inside at least one real ball
     * @param recall share of real points strictly inside at least one generated ball
     * @param f1 2PR / (P + R + 1e-8)
     * @param k neighbour rank that set the radii
     */
    public record PrecisionRecall(double precision, double recall, double f1, int k) {}

    /**
     * Computes precision and recall of {@code generated} against {@code real}, both [sample][feature].
     *
     * <p>Radii are Euclidean distances to the k-th nearest other point of the same set (the
     * reference's (k+1)-th smallest distance including self); "inside" means a distance strictly
     * below the radius. Costs O((n_real + n_gen)²·d) time and O(n·d) memory.
     *
     * @throws IllegalArgumentException unless 1 ≤ k < each set's size and the feature counts agree
     */
    public static PrecisionRecall precisionRecall(float[][] real, float[][] generated, int k) {
        int d = Matrices.columns(real, "real");
        if (Matrices.columns(generated, "generated") != d) {
            throw new IllegalArgumentException("real has " + d + " features but generated has " + generated[0].length);
        }
        if (k < 1 || k >= real.length || k >= generated.length) {
            throw new IllegalArgumentException("k must lie in [1, min(n_real, n_gen) - 1]: k = " + k + ", n_real = "
                    + real.length + ", n_gen = " + generated.length);
        }
        double[] fr = Matrices.flatten(real, d);
        double[] fg = Matrices.flatten(generated, d);
        int nr = real.length;
        int ng = generated.length;
        // Squared radii: comparing squared distances avoids a sqrt per pair and keeps strictness.
        double[] realRadius2 = kthNeighbourSquared(fr, nr, d, k);
        double[] genRadius2 = kthNeighbourSquared(fg, ng, d, k);
        double precision = (double) countInsideAnyBall(fg, ng, fr, nr, realRadius2, d) / ng;
        double recall = (double) countInsideAnyBall(fr, nr, fg, ng, genRadius2, d) / nr;
        double f1 = 2 * precision * recall / (precision + recall + F1_EPSILON);
        return new PrecisionRecall(precision, recall, f1, k);
    }

    /** Squared distance from each point to its k-th nearest other point of the same set. */
    private static double[] kthNeighbourSquared(double[] f, int n, int d, int k) {
        double[] out = new double[n];
        // Ascending buffer of the k smallest distances seen; k is small, so insertion beats a heap.
        double[] smallest = new double[k];
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(smallest, Double.POSITIVE_INFINITY);
            int offI = i * d;
            for (int j = 0; j < n; j++) {
                if (j == i) {
                    continue;
                }
                double s = Distances.squaredEuclidean(f, offI, f, j * d, d);
                if (s < smallest[k - 1]) {
                    int pos = k - 1;
                    while (pos > 0 && smallest[pos - 1] > s) {
                        smallest[pos] = smallest[pos - 1];
                        pos--;
                    }
                    smallest[pos] = s;
                }
            }
            out[i] = smallest[k - 1];
        }
        return out;
    }

    /** Number of query points strictly inside at least one ball centred on a reference point. */
    private static int countInsideAnyBall(double[] queries, int nq, double[] centres, int nc, double[] radius2, int d) {
        int count = 0;
        for (int i = 0; i < nq; i++) {
            int offI = i * d;
            for (int j = 0; j < nc; j++) {
                if (Distances.squaredEuclidean(queries, offI, centres, j * d, d) < radius2[j]) {
                    count++;
                    break;
                }
            }
        }
        return count;
    }
}
