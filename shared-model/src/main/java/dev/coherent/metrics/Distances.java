package dev.coherent.metrics;

/**
 * Distribution distances and nearest-record distances between sets of vectors.
 *
 * <p>Inputs are [sample][feature] matrices in a common standardized space; all distances are
 * Euclidean and accumulated in double.
 */
public final class Distances {

    private Distances() {}

    /**
     * Distances to the closest record, for each generated sample, in train and in holdout.
     *
     * @param toTrain distance of each generated sample to its nearest train record
     * @param toHoldout distance of each generated sample to its nearest holdout record
     * @param medianToTrain median of {@code toTrain}
     * @param medianToHoldout median of {@code toHoldout}
     * @param shareCloserToTrain share of generated samples strictly closer to train (ties count 0.5)
     */
    public record Dcr(
            double[] toTrain,
            double[] toHoldout,
            double medianToTrain,
            double medianToHoldout,
            double shareCloserToTrain) {}

    /**
     * Energy distance √(2·mean‖X−Y‖ − mean‖X−X'‖ − mean‖Y−Y'‖) between the rows of x and y.
     *
     * <p>Székely and Rizzo 2013, "Energy statistics: a class of statistics based on distances",
     * J. Stat. Planning and Inference 143:1249. It is zero only for equal distributions and
     * sensitive to shifts in location and shape; use it to compare generated with real samples
     * (Table 3). Means are V-statistics over full matrices, zero diagonals included, as the
     * reference; a tiny negative from rounding is clamped to 0.
     */
    public static double energyDistance(float[][] x, float[][] y) {
        int d = Matrices.columns(x, "x");
        if (Matrices.columns(y, "y") != d) {
            throw new IllegalArgumentException("x has " + d + " features but y has " + y[0].length);
        }
        double[] fx = Matrices.flatten(x, d);
        double[] fy = Matrices.flatten(y, d);
        int nx = x.length;
        int ny = y.length;
        double xy = 0;
        for (int i = 0; i < nx; i++) {
            for (int j = 0; j < ny; j++) {
                xy += Math.sqrt(squaredEuclidean(fx, i * d, fy, j * d, d));
            }
        }
        double e2 = 2 * xy / ((double) nx * ny) - meanWithinDistance(fx, nx, d) - meanWithinDistance(fy, ny, d);
        return Math.sqrt(Math.max(0, e2));
    }

    /**
     * Distance to closest record (DCR) of each generated sample in train and in holdout.
     *
     * <p>A memorizing generator puts its samples closer to training records than to equally
     * distributed unseen ones, so a share closer to train well above 0.5 flags leakage
     * (Yale et al. 2020, "Generation and evaluation of privacy preserving synthetic health data",
     * Neurocomputing 416:244; Platzer and Reutterer 2021, Front. Big Data 4:679939). Use train and
     * holdout sets of equal size so that 0.5 is the no-leak level.
     */
    public static Dcr dcr(float[][] generated, float[][] train, float[][] holdout) {
        int d = Matrices.columns(generated, "generated");
        if (Matrices.columns(train, "train") != d || Matrices.columns(holdout, "holdout") != d) {
            throw new IllegalArgumentException("generated, train and holdout must share the feature count");
        }
        double[] fg = Matrices.flatten(generated, d);
        double[] toTrain = nearestDistances(fg, generated.length, Matrices.flatten(train, d), train.length, d);
        double[] toHoldout = nearestDistances(fg, generated.length, Matrices.flatten(holdout, d), holdout.length, d);
        double closer = 0;
        for (int i = 0; i < toTrain.length; i++) {
            if (toTrain[i] < toHoldout[i]) {
                closer += 1;
            } else if (toTrain[i] == toHoldout[i]) {
                closer += 0.5;
            }
        }
        return new Dcr(toTrain, toHoldout, Moments.median(toTrain), Moments.median(toHoldout), closer / toTrain.length);
    }

    /** Squared Euclidean distance between the d-vectors starting at {@code offA} and {@code offB}. */
    static double squaredEuclidean(double[] a, int offA, double[] b, int offB, int d) {
        double s = 0;
        for (int k = 0; k < d; k++) {
            double dv = a[offA + k] - b[offB + k];
            s += dv * dv;
        }
        return s;
    }

    /** V-statistic mean of distances within one flat set: off-diagonal pairs twice, diagonal 0. */
    private static double meanWithinDistance(double[] f, int n, int d) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                sum += Math.sqrt(squaredEuclidean(f, i * d, f, j * d, d));
            }
        }
        return 2 * sum / ((double) n * n);
    }

    /** For each query row, the Euclidean distance to its nearest reference row. */
    private static double[] nearestDistances(double[] queries, int nq, double[] refs, int nr, int d) {
        double[] out = new double[nq];
        for (int i = 0; i < nq; i++) {
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < nr; j++) {
                double s = squaredEuclidean(queries, i * d, refs, j * d, d);
                if (s < best) {
                    best = s;
                }
            }
            // sqrt is monotone, so take it once per query rather than per pair.
            out[i] = Math.sqrt(best);
        }
        return out;
    }
}
