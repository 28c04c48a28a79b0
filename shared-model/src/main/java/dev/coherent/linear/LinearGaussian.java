package dev.coherent.linear;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.coherent.metrics.PairedTest;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
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
 * <p>Where the training patients' groups (cancer types) are known and mixing them is significantly
 * better held out, the mean is that of a mixture over the groups ({@link GroupMixture}): b then
 * also adds each group's intercept weighed by how likely x makes the group, and Σ is the residual
 * covariance about that mean (draws stay Gaussian, with the mixture's mean and spread).
 * {@link LinearGaussianFitter} fits both.
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
    /** log det of the covariance plus dim·log 2π: the density's normalizing term. */
    private final double logNormalizer;

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

    /** A fitted model with how its fit went. */
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
        double logDet = 0;
        for (int i = 0; i < m; i++) {
            logDet += 2 * Math.log(cholesky[i][i]);
        }
        this.logNormalizer = logDet + m * Math.log(2 * Math.PI);
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
        return LinearGaussianFitter.fit(target, conditions, x, y, groups, inputScales, outputScales, seed);
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

    /** The input of a model of {@code conditions}: their vectors in {@code vectors}, concatenated in that order. */
    public static float[] input(List<String> conditions, Map<String, float[]> vectors) {
        int n = conditions.stream().mapToInt(c -> vectors.get(c).length).sum();
        float[] x = new float[n];
        int at = 0;
        for (String c : conditions) {
            float[] v = vectors.get(c);
            System.arraycopy(v, 0, x, at, v.length);
            at += v.length;
        }
        return x;
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

    /** The log density of {@code y} given {@code x} (natural log, the covariance's Gaussian about the mean). */
    public double logDensity(float[] x, float[] y) {
        return logDensityOfDistance(mahalanobisPerFeature(x, y));
    }

    /**
     * The log density of a {@code y} whose {@link #mahalanobisPerFeature} is {@code distancePerFeature}:
     * for a caller that needs both without solving twice.
     */
    public double logDensityOfDistance(double distancePerFeature) {
        return -0.5 * (dim() * distancePerFeature + logNormalizer);
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
}
