package dev.coherent.autoencoder;

import dev.coherent.diffusion.TrainingDivergedException;
import dev.coherent.random.Seeds;
import dev.coherent.tf.Layers;
import dev.coherent.tf.Optimizers;
import dev.coherent.tf.Tensors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Trains one modality's autoencoder (reference-method.md §2): mean squared reconstruction error,
 * Adam, shuffled batches, early stopping on the validation MSE computed in inference mode (every
 * epoch, or every few epochs on small cohorts; see {@link AutoencoderConfig}), the best weights restored.
 *
 * <p>Owns one graph with the training path (batch statistics, running-average updates, Adam) and
 * an inference path over the same variables. Initialization and batch order come from the
 * config's seed and the modality name, so the same seed trains the same model. The creator closes it.
 */
public final class AutoencoderTrainer implements AutoCloseable {
    private final String modality;
    private final AutoencoderSpec spec;
    private final AutoencoderConfig config;
    private final Graph graph;
    private final Session session;
    private final Map<String, Variable<TFloat32>> variables = new LinkedHashMap<>();
    private final Placeholder<TFloat32> x;
    private final Placeholder<TFloat32> learningRate;
    private final Operand<TFloat32> loss;
    private final List<Op> trainOps = new ArrayList<>();
    private final Operand<TFloat32> reconstruction;
    private final Placeholder<TFloat32> outputBias;
    private final Op assignOutputBias;

    /** What training produced: the best weights (encoder and decoder) and when they were reached. */
    public record Trained(
            Map<String, float[]> weights, double validationMse, int epochs, int bestEpoch, double seconds) {}

    public AutoencoderTrainer(String modality, AutoencoderSpec spec, AutoencoderConfig config) {
        this.modality = modality;
        this.spec = spec;
        this.config = config;
        graph = new Graph();
        try {
            Ops tf = Ops.create(graph);
            x = tf.withName("x").placeholder(TFloat32.class);
            learningRate = tf.withName("learning_rate").placeholder(TFloat32.class);
            Map<String, long[]> shapes = AutoencoderOps.parameterShapes(spec);
            Map<String, float[]> init = Layers.initial(
                    shapes, new SplittableRandom(Seeds.of(config.seed(), "autoencoder/" + modality + "/init")));
            variables.putAll(Layers.variables(tf, shapes, init));
            List<Op> updates = new ArrayList<>();
            Operand<TFloat32> z = AutoencoderOps.encode(tf, spec, variables::get, x, true, updates);
            Operand<TFloat32> xHat = AutoencoderOps.decode(tf, spec, variables::get, z, true, updates);
            loss = tf.withName("loss").math.mean(tf.math.square(tf.math.sub(xHat, x)), tf.constant(new int[] {0, 1}));
            trainOps.add(Optimizers.adam(graph, tf, loss, variables, learningRate));
            trainOps.addAll(updates);
            List<Op> none = new ArrayList<>();
            reconstruction = AutoencoderOps.decode(
                    tf,
                    spec,
                    variables::get,
                    AutoencoderOps.encode(tf, spec, variables::get, x, false, none),
                    false,
                    none);
            outputBias = tf.withName("output_bias_value").placeholder(TFloat32.class);
            assignOutputBias = tf.assign(variables.get(AutoencoderOps.OUTPUT_LAYER + Layers.BIAS), outputBias);
            session = new Session(graph);
            session.initialize();
        } catch (RuntimeException e) {
            graph.close();
            throw e;
        }
    }

    /**
     * Trains on {@code train} rows, stopping when {@code validation} has not improved for
     * {@code patience} epochs, and returns the best weights.
     */
    public Trained train(float[][] train, float[][] validation) {
        if (train.length < 2) {
            throw new IllegalArgumentException(modality + ": need at least 2 training rows, got " + train.length);
        }
        if (validation.length < 1) {
            throw new IllegalArgumentException(modality + ": need at least 1 validation row");
        }
        long started = System.nanoTime();
        SplittableRandom random = new SplittableRandom(Seeds.of(config.seed(), "autoencoder/" + modality + "/batches"));
        int n = train.length;
        int d = spec.inputDim();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        int batches = 0;
        for (int start = 0; start < n; start += config.batchSize()) {
            batches += Math.min(config.batchSize(), n - start) >= 2 ? 1 : 0;
        }
        int every = Math.max(1, (config.stepsPerCheck() + batches - 1) / Math.max(1, batches));
        int checks = 0;
        int bestCheck = 0;
        startFromTheMean(train);
        double best = Double.POSITIVE_INFINITY;
        Map<String, float[]> bestWeights = weights();
        int bestEpoch = 0;
        int epoch = 0;
        try (TFloat32 lr = TFloat32.scalarOf(config.learningRate())) {
            while (epoch < config.maxEpochs()) {
                epoch++;
                Seeds.shuffle(order, random);
                for (int start = 0; start < n; start += config.batchSize()) {
                    int size = Math.min(config.batchSize(), n - start);
                    if (size < 2) {
                        continue; // batch norm needs two rows, as the reference drops a singleton batch
                    }
                    float[] batch = new float[size * d];
                    for (int r = 0; r < size; r++) {
                        System.arraycopy(train[order[start + r]], 0, batch, r * d, d);
                    }
                    try (TFloat32 xt = Tensors.matrix(batch, size, d)) {
                        Session.Runner runner = session.runner()
                                .feed(x, xt)
                                .feed(learningRate, lr)
                                .fetch(loss);
                        trainOps.forEach(runner::addTarget);
                        try (Result r = runner.run()) {
                            float l = ((TFloat32) r.get(0)).getFloat();
                            if (!Float.isFinite(l)) {
                                throw new TrainingDivergedException("autoencoder of " + modality
                                        + ": training loss became " + l + " at epoch " + epoch);
                            }
                        }
                    }
                }
                if (epoch % every != 0 && epoch != config.maxEpochs()) {
                    continue;
                }
                checks++;
                double mse = mse(validation, reconstruct(validation));
                if (mse < best) {
                    best = mse;
                    bestWeights = weights();
                    bestEpoch = epoch;
                    bestCheck = checks;
                } else if (checks - bestCheck >= config.patience()) {
                    break;
                }
            }
        }
        return new Trained(bestWeights, best, epoch, bestEpoch, (System.nanoTime() - started) / 1e9);
    }

    /**
     * Sets the output bias to the training mean of each feature, so training starts from the mean
     * reconstruction. Why: features such as log2 CPM sit around 5 to 15, and on a small cohort (one
     * batch an epoch) Adam at 1e-3 would spend most of its patience moving zero-initialized biases
     * there; with many batches per epoch, as in the reference, this makes no difference.
     */
    private void startFromTheMean(float[][] train) {
        int d = spec.inputDim();
        float[] mean = new float[d];
        for (float[] row : train) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j] / train.length;
            }
        }
        try (TFloat32 t = Tensors.vector(mean)) {
            session.runner().feed(outputBias, t).addTarget(assignOutputBias).run();
        }
    }

    /** Reconstructions of rows with the current weights, in inference mode. */
    public float[][] reconstruct(float[][] rows) {
        int d = spec.inputDim();
        float[] flat = new float[rows.length * d];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, flat, r * d, d);
        }
        try (TFloat32 xt = Tensors.matrix(flat, rows.length, d);
                Result r = session.runner().feed(x, xt).fetch(reconstruction).run()) {
            float[] out = Tensors.toArray(r.get(0));
            float[][] rowsOut = new float[rows.length][d];
            for (int i = 0; i < rows.length; i++) {
                System.arraycopy(out, i * d, rowsOut[i], 0, d);
            }
            return rowsOut;
        }
    }

    /** Mean squared error over all cells. */
    static double mse(float[][] truth, float[][] pred) {
        double sum = 0;
        long cells = 0;
        for (int i = 0; i < truth.length; i++) {
            for (int j = 0; j < truth[i].length; j++) {
                double e = truth[i][j] - pred[i][j];
                sum += e * e;
                cells++;
            }
        }
        return sum / cells;
    }

    private Map<String, float[]> weights() {
        return Tensors.fetch(session, variables);
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
