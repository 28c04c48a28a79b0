package dev.coherent.metrics;

/**
 * The one home of means, squared deviations, population variances and linear quantiles.
 *
 * <p>All sums are accumulated in double; variances use two passes (mean first) for accuracy.
 */
public final class Moments {

    private Moments() {}

    /** Arithmetic mean of the first {@code n} values. */
    public static double mean(double[] values, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += values[i];
        }
        return sum / n;
    }

    /** Sum of squared deviations of the first {@code n} values from {@code center}. */
    static double squaredDeviations(double[] values, int n, double center) {
        double ss = 0;
        for (int i = 0; i < n; i++) {
            double dv = values[i] - center;
            ss += dv * dv;
        }
        return ss;
    }

    /** Population variance (ddof = 0) of the first {@code n} values. */
    static double populationVariance(double[] values, int n) {
        return populationVariance(values, n, mean(values, n));
    }

    /** Population variance (ddof = 0) of the first {@code n} values around their already known mean. */
    static double populationVariance(double[] values, int n, double mean) {
        return squaredDeviations(values, n, mean) / n;
    }

    /**
     * Quantile {@code q} of the first {@code n} ascending-sorted values, numpy's default 'linear' method.
     *
     * <p>Interpolates between order statistics at position (n − 1)·q, as {@code np.quantile}.
     */
    static double quantileOfSorted(double[] sorted, int n, double q) {
        if (n == 0) {
            throw new IllegalArgumentException("quantile of an empty set");
        }
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("quantile level must lie in [0, 1]: " + q);
        }
        double h = (n - 1) * q;
        int lo = (int) Math.floor(h);
        if (lo >= n - 1) {
            return sorted[n - 1];
        }
        double frac = h - lo;
        return sorted[lo] + frac * (sorted[lo + 1] - sorted[lo]);
    }

    /**
     * The smallest of {@code values} that at least a share {@code q} of them do not exceed (the
     * order statistic ⌈q·n⌉, no interpolation): a threshold that flags at most 1 − q of the values.
     */
    public static double upperQuantile(double[] values, double q) {
        if (values.length == 0) {
            throw new IllegalArgumentException("quantile of an empty set");
        }
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1))];
    }

    /** Median of {@code values} (copied, then sorted), as {@code np.median}. */
    public static double median(double[] values) {
        return quantiles(values, 0.5)[0];
    }

    /** Quantiles {@code q} of {@code values} (copied, then sorted once), as {@code np.quantile}. */
    public static double[] quantiles(double[] values, double... q) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        double[] out = new double[q.length];
        for (int i = 0; i < q.length; i++) {
            out[i] = quantileOfSorted(sorted, sorted.length, q[i]);
        }
        return out;
    }
}
