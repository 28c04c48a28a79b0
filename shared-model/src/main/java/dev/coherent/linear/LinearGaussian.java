package dev.coherent.linear;

import java.util.Arrays;
import java.util.List;
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
     * What a fit stores: the mean map and the covariance.
     *
     * @param coefficients [input][output]
     * @param intercepts one per output
     * @param covariance the residual covariance, [output][output]
     */
    public record Weights(float[][] coefficients, float[] intercepts, float[][] covariance) {}

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
     */
    public record Summary(int rows, double alpha, double cvMse, double shrinkage, double distance99) {}

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
        double[][] xd = toDouble(x);
        double[][] yd = toDouble(y);
        scaleColumns(xd, inputScales, false);
        scaleColumns(yd, outputScales, false);
        RidgeRegression.Selection s = RidgeRegression.select(xd, yd, seed);
        double[][] r = s.residuals();
        scaleColumns(r, outputScales, true);
        int n = r.length;
        int m = yd[0].length;
        ShrunkCovariance covariance = ShrunkCovariance.of(r);
        float[][] sigma = covariance.sigma();
        double shrinkage = covariance.shrinkage();
        RidgeRegression.Fit f = s.fit();
        float[][] beta = new float[f.coefficients().length][m];
        float[] b = new float[m];
        double cvMse = 0;
        for (int t = 0; t < m; t++) {
            double out = outputScales == null ? 1 : outputScales[t];
            for (int k = 0; k < beta.length; k++) {
                beta[k][t] = (float) (f.coefficients()[k][t] * (inputScales == null ? 1 : inputScales[k]) / out);
            }
            b[t] = (float) (f.intercepts()[t] / out);
            cvMse += covariance.secondMoments()[t][t] / m;
        }
        LinearGaussian model = new LinearGaussian(target, conditions, new Weights(beta, b, sigma));
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
                            new Weights(beta, b, ShrunkCovariance.of(others).sigma()));
            for (int i = fold; i < n; i += folds) {
                distances[i] = scorer.residualDistance(r[i]);
            }
        }
        Arrays.sort(distances);
        double distance99 = distances[Math.min(n - 1, (int) Math.ceil(DISTANCE_QUANTILE * n) - 1)];
        return new Fitted(model, new Summary(n, f.alpha(), cvMse, shrinkage, distance99));
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
