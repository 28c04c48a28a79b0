package dev.coherent.linear;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.coherent.metrics.PairedTest;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;

/**
 * A linear-Gaussian conditional model of one target modality given a set of condition modalities:
 * y | x ~ N(xβ + b, Σ), with β by ridge regression (penalty chosen by cross-validation on the
 * training rows) and Σ the covariance of the held-out residuals, shrunk toward its diagonal.
 *
 * <p>Σ comes from cross-validation residuals rather than in-sample ones so that it carries the
 * error of the estimated coefficients too: in-sample residuals shrink as the inputs grow while the
 * error on new patients does not. The shrinkage intensity is Schäfer and Strimmer's estimate for a
 * diagonal target ("A shrinkage approach to large-scale covariance matrix estimation", 2005), which
 * keeps Σ well conditioned when patients are few. With no condition (an empty set) it is the
 * target's own mean and shrunk covariance: a Gaussian model for unconditional generation.
 *
 * <p>Immutable and thread-safe. Vectors are in the model set's standardized space; the inputs are
 * the condition modalities' vectors concatenated in {@link #conditions()} order.
 */
public final class LinearGaussian {
    private final String target;
    private final List<String> conditions;
    private final Weights weights;
    /** Lower Cholesky factor of the covariance, row-major [dim][dim]. */
    private final double[][] cholesky;

    /**
     * What a fit stores: the mean map and the covariance, and for a mixture over patient groups
     * (see {@link GroupMixture}) the groups' intercepts and the discriminant that weighs them;
     * those are {@code null} (and not written) for a single regression.
     *
     * @param coefficients [input][output]
     * @param intercepts one per output
     * @param covariance the residual covariance, [output][output]
     * @param groups the groups' names (e.g. cancer types)
     * @param groupOffsets each group's intercept, added to {@code intercepts}, [group][output]
     * @param gateCoefficients the discriminant's coefficients, [input][group]
     * @param gateIntercepts the discriminant's intercepts, one per group
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Weights(
            float[][] coefficients,
            float[] intercepts,
            float[][] covariance,
            List<String> groups,
            float[][] groupOffsets,
            float[][] gateCoefficients,
            float[] gateIntercepts) {

        public Weights(float[][] coefficients, float[] intercepts, float[][] covariance) {
            this(coefficients, intercepts, covariance, null, null, null, null);
        }

        /** Whether the mean mixes groups' intercepts. */
        @JsonIgnore
        public boolean mixesGroups() {
            return groups != null;
        }
    }

    /**
     * How a fit went.
     *
     * @param rows training rows it was fitted on
     * @param alpha the relative ridge penalty cross-validation chose
     * @param cvMse the held-out mean squared error per feature at that penalty
     * @param shrinkage the weight of the diagonal target in Σ, in [0, 1]
     * @param distance99 the 99th percentile of the held-out rows' squared Mahalanobis distance per
     *     feature ({@link #mahalanobisPerFeature}): how far from its prediction a typical new
     *     patient may lie, the threshold beyond which an input is unlike the training data
     * @param groups the groups the mean mixes, 0 for a single regression
     */
    public record Summary(int rows, double alpha, double cvMse, double shrinkage, double distance99, int groups) {}

    /** Share of held-out rows whose distance {@link Summary#distance99} stays below. */
    public static final double DISTANCE_QUANTILE = 0.99;
    /** Folds of the rows whose covariance scores each other's distances for {@link Summary#distance99}. */
    private static final int DISTANCE_FOLDS = 5;

    /** A fitted model with what it was fitted on. */
    public record Fitted(LinearGaussian model, Summary summary) {}

    public LinearGaussian(String target, List<String> conditions, Weights weights) {
        this.target = target;
        this.conditions = List.copyOf(conditions);
        this.weights = weights;
        int m = weights.intercepts().length;
        if (weights.covariance().length != m) {
            throw new IllegalArgumentException(
                    "covariance of " + target + " is " + weights.covariance().length + "-d for " + m + " outputs");
        }
        for (float[] b : weights.coefficients()) {
            if (b.length != m) {
                throw new IllegalArgumentException(
                        "coefficients of " + target + " have " + b.length + " outputs, expected " + m);
            }
        }
        if (weights.mixesGroups()) {
            int groups = weights.groups().size();
            if (weights.groupOffsets().length != groups
                    || weights.gateIntercepts().length != groups
                    || weights.gateCoefficients().length != weights.coefficients().length
                    || Arrays.stream(weights.groupOffsets()).anyMatch(o -> o.length != m)
                    || Arrays.stream(weights.gateCoefficients()).anyMatch(w -> w.length != groups)) {
                throw new IllegalArgumentException("the group mixture of " + target + " does not match its " + groups
                        + " groups, " + weights.coefficients().length + " inputs and " + m + " outputs");
            }
        }
        this.cholesky = cholesky(weights.covariance());
    }

    /**
     * Fits the model on rows of concatenated conditions {@code x} [row][input] (zero-width rows for
     * no condition) and targets {@code y} [row][output].
     *
     * @throws IllegalArgumentException with fewer than {@link RidgeRegression#MIN_ROWS} rows
     */
    public static Fitted fit(String target, List<String> conditions, float[][] x, float[][] y, long seed) {
        return fit(target, conditions, x, y, null, null, seed);
    }

    /**
     * As {@link #fit(String, List, float[][], float[][], long)}, fitted on the inputs multiplied by
     * {@code inputScales} and the outputs by {@code outputScales} (one each; {@code null} for all 1).
     * The penalty is isotropic in the scaled inputs, so a small scale shrinks that input's
     * coefficient harder, and the penalty is chosen on the error of the scaled outputs: scaling
     * principal-component codes by their standard deviations on both sides makes the fit behave
     * like ridge on the features they encode. The model still takes and returns unscaled vectors.
     */
    public static Fitted fit(
            String target,
            List<String> conditions,
            float[][] x,
            float[][] y,
            double[] inputScales,
            double[] outputScales,
            long seed) {
        return fit(target, conditions, x, y, null, inputScales, outputScales, seed);
    }

    /**
     * As {@link #fit(String, List, float[][], float[][], double[], double[], long)}, and when
     * {@code groups} names every row's group (cancer type, subtype; {@code null} for none) and there
     * are conditions and two groups or more, also a mixture over the groups ({@link GroupMixture}),
     * kept when its held-out errors are significantly lower than the single regression's
     * ({@link PairedTest}, per patient): with few patients per group they seldom are, and the model
     * stays a single regression.
     */
    public static Fitted fit(
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
        Weights weights = mixture == null
                ? new Weights(beta, b, sigma)
                : new Weights(
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
        Arrays.sort(distances);
        double distance99 = distances[Math.min(n - 1, (int) Math.ceil(DISTANCE_QUANTILE * n) - 1)];
        return new Fitted(
                model, new Summary(n, alpha, cvMse, shrinkage, distance99, mixture == null ? 0 : groupIndex.size()));
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

    private static Weights withCovariance(Weights w, float[][] covariance) {
        return new Weights(
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

    public String target() {
        return target;
    }

    public List<String> conditions() {
        return conditions;
    }

    public Weights weights() {
        return weights;
    }

    /** Width of the concatenated condition input. */
    public int inputDim() {
        return weights.coefficients().length;
    }

    public int dim() {
        return weights.intercepts().length;
    }

    /** The conditional mean for one concatenated condition row. */
    public float[] mean(float[] x) {
        if (x.length != inputDim()) {
            throw new IllegalArgumentException(
                    "the linear model of " + target + " takes " + inputDim() + " condition values, got " + x.length);
        }
        int m = dim();
        double[] acc = new double[m];
        for (int t = 0; t < m; t++) {
            acc[t] = weights.intercepts()[t];
        }
        if (weights.mixesGroups()) {
            double[] logits = new double[weights.gateIntercepts().length];
            for (int g = 0; g < logits.length; g++) {
                logits[g] = weights.gateIntercepts()[g];
                for (int k = 0; k < x.length; k++) {
                    logits[g] += x[k] * weights.gateCoefficients()[k][g];
                }
            }
            double[] p = GroupMixture.softmax(logits);
            for (int g = 0; g < p.length; g++) {
                for (int t = 0; t < m; t++) {
                    acc[t] += p[g] * weights.groupOffsets()[g][t];
                }
            }
        }
        float[][] beta = weights.coefficients();
        for (int k = 0; k < x.length; k++) {
            double v = x[k];
            if (v != 0) {
                for (int t = 0; t < m; t++) {
                    acc[t] += v * beta[k][t];
                }
            }
        }
        float[] out = new float[m];
        for (int t = 0; t < m; t++) {
            out[t] = (float) acc[t];
        }
        return out;
    }

    /**
     * Writes one draw, mean + sign·Lz with z standard normal from {@code seed}, into {@code out} at
     * {@code offset}. Two draws with the same seed and opposite signs mirror each other about the mean.
     */
    public void draw(float[] mean, long seed, float sign, float[] out, int offset) {
        int m = dim();
        SplittableRandom random = new SplittableRandom(seed);
        double[] z = new double[m];
        for (int i = 0; i < m; i++) {
            z[i] = random.nextGaussian();
        }
        for (int i = 0; i < m; i++) {
            double s = 0;
            for (int j = 0; j <= i; j++) {
                s += cholesky[i][j] * z[j];
            }
            out[offset + i] = (float) (mean[i] + sign * s);
        }
    }

    /**
     * The squared Mahalanobis distance of {@code y} from the mean given {@code x}, per feature: about
     * 1 for a typical patient, lower for one the model fits unusually well.
     */
    public double mahalanobisPerFeature(float[] x, float[] y) {
        float[] mu = mean(x);
        double[] residual = new double[dim()];
        for (int i = 0; i < residual.length; i++) {
            residual[i] = y[i] - mu[i];
        }
        return residualDistance(residual);
    }

    /** The squared Mahalanobis length per feature of a residual y − mean under the covariance. */
    double residualDistance(double[] residual) {
        int m = dim();
        // Solve L·u = residual by forward substitution; |u|² is the squared distance.
        double[] u = new double[m];
        double sum = 0;
        for (int i = 0; i < m; i++) {
            double s = residual[i];
            for (int j = 0; j < i; j++) {
                s -= cholesky[i][j] * u[j];
            }
            u[i] = s / cholesky[i][i];
            sum += u[i] * u[i];
        }
        return sum / m;
    }

    private static double[][] cholesky(float[][] covariance) {
        int m = covariance.length;
        DMatrixRMaj a = new DMatrixRMaj(m, m);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                a.unsafe_set(i, j, covariance[i][j]);
            }
        }
        CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(m, true);
        if (!chol.decompose(a)) {
            throw new IllegalArgumentException("the residual covariance is not positive definite");
        }
        DMatrixRMaj l = chol.getT(null);
        double[][] out = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j <= i; j++) {
                out[i][j] = l.unsafe_get(i, j);
            }
        }
        return out;
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
