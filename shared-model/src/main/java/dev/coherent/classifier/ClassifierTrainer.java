package dev.coherent.classifier;

import dev.coherent.metrics.Classifications;
import dev.coherent.random.Seeds;
import dev.coherent.tf.Layers;
import dev.coherent.tf.Optimizers;
import dev.coherent.tf.Tensors;
import java.util.LinkedHashMap;
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
 * Trains a classifier with softmax cross-entropy and Adam, selecting the epoch with the best
 * validation macro-F1. Every present modality of a training row is hidden with probability
 * {@code modalityDropout} in each epoch, so the classifier learns to predict from any subset (the
 * counterfactual scores compare predictions with and without a modality). Owns its graph and
 * session; the creator closes it. Seeded and deterministic.
 */
public final class ClassifierTrainer implements AutoCloseable {
    /**
     * @param modalityDropout probability of hiding each present modality of a training row
     * @param validateEvery epochs between validations; {@code patience} validations without progress stop
     */
    public record Config(
            int hidden,
            int layers,
            int maxEpochs,
            int batchSize,
            float learningRate,
            double modalityDropout,
            int validateEvery,
            int patience,
            long seed) {
        public static Config defaults(long seed) {
            return new Config(128, 2, 200, 128, 1e-3f, 0.3, 5, 6, seed);
        }
    }

    /** The best checkpoint and its validation macro-F1 (all modalities present). */
    public record Trained(ClassifierSpec spec, Map<String, float[]> weights, double validationMacroF1, int epochs) {}

    private final ClassifierSpec spec;
    private final Config config;
    private final Graph graph;
    private final Session session;
    private final Map<String, Variable<TFloat32>> variables = new LinkedHashMap<>();
    private final Placeholder<TFloat32> features;
    private final Placeholder<TFloat32> presence;
    private final Placeholder<TFloat32> onehot;
    private final Placeholder<TFloat32> learningRate;
    private final Operand<TFloat32> loss;
    private final Operand<TFloat32> probabilities;
    private final Op train;

    public ClassifierTrainer(ClassifierSpec spec, Config config) {
        this.spec = spec;
        this.config = config;
        graph = new Graph();
        try {
            Ops tf = Ops.create(graph);
            features = tf.withName("features").placeholder(TFloat32.class);
            presence = tf.withName("presence").placeholder(TFloat32.class);
            onehot = tf.withName("onehot").placeholder(TFloat32.class);
            learningRate = tf.withName("learning_rate").placeholder(TFloat32.class);
            SplittableRandom init = new SplittableRandom(Seeds.of(config.seed(), "classifier/" + spec.label()));
            Map<String, long[]> shapes = ClassifierOps.parameterShapes(spec);
            Map<String, float[]> initial = new LinkedHashMap<>();
            for (Map.Entry<String, long[]> p : shapes.entrySet()) {
                long[] shape = p.getValue();
                float[] v = new float[(int) (shape.length == 1 ? shape[0] : shape[0] * shape[1])];
                if (shape.length == 2) {
                    double bound = 1 / Math.sqrt(shape[0]);
                    for (int i = 0; i < v.length; i++) {
                        v[i] = (float) ((init.nextDouble() * 2 - 1) * bound);
                    }
                }
                initial.put(p.getKey(), v);
            }
            variables.putAll(Layers.variables(tf, shapes, initial));
            Operand<TFloat32> logits = ClassifierOps.logits(tf, spec, variables::get, features, presence);
            probabilities = tf.nn.softmax(logits);
            loss = tf.math.mean(
                    tf.nn.softmaxCrossEntropyWithLogits(logits, onehot).loss(), tf.constant(0));
            train = Optimizers.adam(graph, tf, loss, variables, learningRate);
            session = new Session(graph);
            session.initialize();
        } catch (RuntimeException e) {
            graph.close();
            throw e;
        }
    }

    public Trained train(ClassifierData trainData, ClassifierData validation) {
        SplittableRandom random = new SplittableRandom(Seeds.of(config.seed(), "classifier-batches/" + spec.label()));
        int n = trainData.rows();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        int w = spec.featureWidth();
        int k = spec.modalities().size();
        int c = spec.classes().size();
        double best = -1;
        Map<String, float[]> bestWeights = weights();
        int since = 0;
        int epoch = 0;
        float lr = config.learningRate();
        while (epoch < config.maxEpochs()) {
            epoch++;
            Seeds.shuffle(order, random);
            for (int start = 0; start < n; start += config.batchSize()) {
                int size = Math.min(config.batchSize(), n - start);
                float[] f = new float[size * w];
                float[] p = new float[size * k];
                float[] y = new float[size * c];
                for (int r = 0; r < size; r++) {
                    int row = order[start + r];
                    for (int m = 0; m < k; m++) {
                        boolean keep = trainData.presence()[row * k + m] > 0
                                && random.nextDouble() >= config.modalityDropout();
                        if (keep) {
                            p[r * k + m] = 1;
                            System.arraycopy(
                                    trainData.features(),
                                    row * w + spec.offset(m),
                                    f,
                                    r * w + spec.offset(m),
                                    spec.dims().get(m));
                        }
                    }
                    y[r * c + trainData.labels()[row]] = 1;
                }
                try (TFloat32 ft = Tensors.matrix(f, size, w);
                        TFloat32 pt = Tensors.matrix(p, size, k);
                        TFloat32 yt = Tensors.matrix(y, size, c);
                        TFloat32 lt = TFloat32.scalarOf(lr);
                        Result r = session.runner()
                                .feed(features, ft)
                                .feed(presence, pt)
                                .feed(onehot, yt)
                                .feed(learningRate, lt)
                                .addTarget(train)
                                .fetch(loss)
                                .run()) {
                    // the loss is fetched so that a diverging run could be noticed; nothing else to do
                }
            }
            if (epoch % config.validateEvery() == 0 || epoch == config.maxEpochs()) {
                double f1 = macroF1(validation);
                if (f1 > best) {
                    best = f1;
                    bestWeights = weights();
                    since = 0;
                } else if (++since >= config.patience()) {
                    break;
                } else {
                    lr *= 0.5f;
                }
            }
        }
        return new Trained(spec, bestWeights, best, epoch);
    }

    private double macroF1(ClassifierData data) {
        try (TFloat32 ft = Tensors.matrix(data.features(), data.rows(), spec.featureWidth());
                TFloat32 pt = Tensors.matrix(
                        data.presence(), data.rows(), spec.modalities().size());
                Result r = session.runner()
                        .feed(features, ft)
                        .feed(presence, pt)
                        .fetch(probabilities)
                        .run()) {
            float[] flat = Tensors.toArray(r.get(0));
            int c = spec.classes().size();
            int[] pred = new int[data.rows()];
            for (int i = 0; i < data.rows(); i++) {
                int b = 0;
                for (int j = 1; j < c; j++) {
                    if (flat[i * c + j] > flat[i * c + b]) {
                        b = j;
                    }
                }
                pred[i] = b;
            }
            return Classifications.macroF1(data.labels(), pred, c);
        }
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
