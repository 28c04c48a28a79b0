package dev.coherent.linear;

import dev.coherent.metrics.Moments;
import dev.coherent.metrics.PairedTest;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * How a {@link LinearGaussian} is fitted: ridge regression for the mean (or the mixture over
 * patient groups, {@link GroupMixture}, where it is significantly better held out), the held-out
 * residuals' shrunk covariance, and the out-of-distribution threshold of held-out distances. Inputs
 * and outputs may be fitted in scaled units and are returned in the model's own.
 */
final class LinearGaussianFitter {
    /** Folds of the rows whose covariance scores each other's distances for {@link LinearGaussian.Summary#distance99}. */
    private static final int DISTANCE_FOLDS = 5;

    private LinearGaussianFitter() {}

    /** See {@link LinearGaussian#fit(String, List, float[][], float[][], String[], double[], double[], long)}. */
    static LinearGaussian.Fitted fit(
            String target,
            List<String> conditions,
            float[][] x,
            float[][] y,
            String[] groups,
            double[] inputScales,
            double[] outputScales,
            long seed) {
        double[][] xd = toDouble(x);
        double[][] yd = toDouble(y);
        scaleColumns(xd, inputScales, false);
        scaleColumns(yd, outputScales, false);
        RidgeRegression.Selection s = RidgeRegression.select(xd, yd, seed);
        RidgeRegression.Fit f = s.fit();
        double[][] coefficients = f.coefficients();
        double[] intercepts = f.intercepts();
        double[][] heldOut = s.residuals();
        double alpha = f.alpha();
        GroupMixture.Fit mixture = null;
        Map<String, Integer> groupIndex = groupIndex(groups, conditions);
        if (groupIndex != null) {
            int[] group = Arrays.stream(groups).mapToInt(groupIndex::get).toArray();
            GroupMixture.Selection mix = GroupMixture.select(xd, yd, group, groupIndex.size(), seed);
            if (PairedTest.significantlyLower(squaredErrors(s.residuals()), squaredErrors(mix.residuals()))) {
                mixture = mix.fit();
                coefficients = mixture.coefficients();
                intercepts = new double[yd[0].length];
                heldOut = mix.residuals();
                alpha = mix.alpha();
            }
        }
        double[][] r = heldOut;
        scaleColumns(r, outputScales, true);
        int n = r.length;
        int m = yd[0].length;
        ShrunkCovariance covariance = ShrunkCovariance.of(r);
        float[][] sigma = covariance.sigma();
        double shrinkage = covariance.shrinkage();
        float[][] beta = scaled(coefficients, inputScales, outputScales);
        float[] b = scaled(new double[][] {intercepts}, null, outputScales)[0];
        double cvMse = 0;
        for (int t = 0; t < m; t++) {
            cvMse += covariance.secondMoments()[t][t] / m;
        }
        LinearGaussian.Weights weights = mixture == null
                ? new LinearGaussian.Weights(beta, b, sigma)
                : new LinearGaussian.Weights(
                        beta,
                        b,
                        sigma,
                        List.copyOf(groupIndex.keySet()),
                        scaled(mixture.offsets(), null, outputScales),
                        scaled(mixture.gate(), inputScales, null),
                        toFloat(mixture.gateIntercepts()));
        LinearGaussian model = new LinearGaussian(target, conditions, weights);
        // Held-out residuals under a covariance estimated without them (folds): honest distances, like
        // those of patients the model never saw. In-sample ones run low by about a share p/n, which
        // at a few hundred patients puts several percent of new ones beyond the 99th percentile.
        double[] distances = new double[n];
        int folds = n >= 2 * DISTANCE_FOLDS ? DISTANCE_FOLDS : 1;
        for (int fold = 0; fold < folds; fold++) {
            int k = fold;
            double[][] others = folds == 1
                    ? r
                    : IntStream.range(0, n)
                            .filter(i -> i % folds != k)
                            .mapToObj(i -> r[i])
                            .toArray(double[][]::new);
            LinearGaussian scorer = folds == 1
                    ? model
                    : new LinearGaussian(
                            target,
                            conditions,
                            withCovariance(weights, ShrunkCovariance.of(others).sigma()));
            for (int i = fold; i < n; i += folds) {
                distances[i] = scorer.residualDistance(r[i]);
            }
        }
        double distance99 = Moments.upperQuantile(distances, LinearGaussian.DISTANCE_QUANTILE);
        return new LinearGaussian.Fitted(
                model,
                new LinearGaussian.Summary(
                        n, alpha, cvMse, shrinkage, distance99, mixture == null ? 0 : groupIndex.size()));
    }

    /** Each group's index in order of first appearance; {@code null} when the rows are not grouped. */
    private static Map<String, Integer> groupIndex(String[] groups, List<String> conditions) {
        if (groups == null || conditions.isEmpty() || Arrays.stream(groups).anyMatch(Objects::isNull)) {
            return null;
        }
        Map<String, Integer> index = new LinkedHashMap<>();
        for (String g : groups) {
            index.putIfAbsent(g, index.size());
        }
        return index.size() >= 2 ? index : null;
    }

    private static double[] squaredErrors(double[][] residuals) {
        return Arrays.stream(residuals)
                .mapToDouble(r -> Arrays.stream(r).map(v -> v * v).sum())
                .toArray();
    }

    private static LinearGaussian.Weights withCovariance(LinearGaussian.Weights w, float[][] covariance) {
        return new LinearGaussian.Weights(
                w.coefficients(),
                w.intercepts(),
                covariance,
                w.groups(),
                w.groupOffsets(),
                w.gateCoefficients(),
                w.gateIntercepts());
    }

    /**
     * A matrix fitted in scaled units back in the model's: row k times {@code rowScales[k]}, column
     * t divided by {@code columnScales[t]} ({@code null}: 1).
     */
    private static float[][] scaled(double[][] a, double[] rowScales, double[] columnScales) {
        float[][] out = new float[a.length][];
        for (int k = 0; k < a.length; k++) {
            out[k] = new float[a[k].length];
            for (int t = 0; t < a[k].length; t++) {
                out[k][t] = (float) (a[k][t]
                        * (rowScales == null ? 1 : rowScales[k])
                        / (columnScales == null ? 1 : columnScales[t]));
            }
        }
        return out;
    }

    private static float[] toFloat(double[] a) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (float) a[i];
        }
        return out;
    }

    /** Multiplies (or divides) each column by its scale; no scales leave the rows as they are. */
    private static void scaleColumns(double[][] rows, double[] scales, boolean divide) {
        if (scales == null) {
            return;
        }
        for (double[] row : rows) {
            for (int k = 0; k < row.length; k++) {
                row[k] = divide ? row[k] / scales[k] : row[k] * scales[k];
            }
        }
    }

    private static double[][] toDouble(float[][] a) {
        double[][] out = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = new double[a[i].length];
            for (int j = 0; j < a[i].length; j++) {
                out[i][j] = a[i][j];
            }
        }
        return out;
    }
}
