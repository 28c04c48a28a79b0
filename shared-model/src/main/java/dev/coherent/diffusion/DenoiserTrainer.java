package dev.coherent.diffusion;

import dev.coherent.random.Seeds;
import dev.coherent.tf.Layers;
import dev.coherent.tf.OneDnnSignalSafety;
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
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * Trains one denoiser to predict the noise added to its target (ε-prediction MSE), with
 * model selection on full-denoising validation MSE.
 *
 * <p>Owns one graph holding the training path (batch statistics, running-average updates, Adam)
 * and an inference path over the same variables (running statistics) used for validation
 * sampling. Batches, steps and noise are drawn in Java from a generator seeded by the config's seed
 * and the model name, so the same seed trains the same model. The creator closes it.
 */
public final class DenoiserTrainer implements AutoCloseable {
    private final DenoiserSpec spec;
    private final TrainingConfig config;
    private final NoiseSchedule schedule;
    private final Graph graph;
    private final Session session;
    private final Map<String, Variable<TFloat32>> variables = new LinkedHashMap<>();
    private final Placeholder<TFloat32> x;
    private final Placeholder<TFloat32> t;
    private final Placeholder<TFloat32> conditions;
    private final Placeholder<TFloat32> mask;
    private final Placeholder<TFloat32> noise;
    private final Placeholder<TFloat32> learningRate;
    private final Operand<TFloat32> loss;
    private final List<Op> trainOps = new ArrayList<>();
    private final Operand<TFloat32> inferenceEpsilon;
    private final Centering centering;

    /** A trainer using TensorFlow's default threads. */
    public DenoiserTrainer(DenoiserSpec spec, TrainingConfig config, NoiseSchedule schedule) {
        this(spec, config, schedule, 0, null);
    }

    /**
     * A trainer with {@code threads} TensorFlow threads per session (0 = TensorFlow's default).
     *
     * @param centering what the target is measured from, or {@code null} for the target itself
     */
    public DenoiserTrainer(
            DenoiserSpec spec, TrainingConfig config, NoiseSchedule schedule, int threads, Centering centering) {
        this.spec = spec;
        this.config = config;
        this.schedule = schedule;
        this.centering = centering;
        graph = new Graph();
        try {
            Ops tf = Ops.create(graph);
            x = tf.withName("x").placeholder(TFloat32.class);
            t = tf.withName("t").placeholder(TFloat32.class);
            conditions = tf.withName("conditions").placeholder(TFloat32.class);
            mask = tf.withName("mask").placeholder(TFloat32.class);
            noise = tf.withName("noise").placeholder(TFloat32.class);
            learningRate = tf.withName("learning_rate").placeholder(TFloat32.class);
            DenoiserWeights init = DenoiserWeights.initial(spec, seedFor("init"));
            variables.putAll(Layers.variables(tf, DenoiserOps.parameterShapes(spec), init.asMap()));
            DenoiserOps.Outputs train = DenoiserOps.build(tf, spec, variables::get, x, t, conditions, mask, true);
            loss = tf.withName("loss")
                    .math
                    .mean(tf.math.square(tf.math.sub(train.epsilon(), noise)), tf.constant(new int[] {0, 1}));
            trainOps.add(Optimizers.adam(graph, tf, loss, variables, learningRate, config.weightDecay()));
            trainOps.addAll(train.statisticsUpdates());
            inferenceEpsilon = DenoiserOps.build(tf, spec, variables::get, x, t, conditions, mask, false)
                    .epsilon();
            OneDnnSignalSafety.checkOnce();
            // Per-session pools: otherwise the first session's pool sizes are shared by every later
            // session, and models trained side by side would queue on one thread.
            session = new Session(
                    graph,
                    threads == 0
                            ? ConfigProto.getDefaultInstance()
                            : ConfigProto.newBuilder()
                                    .setIntraOpParallelismThreads(threads)
                                    .setInterOpParallelismThreads(threads)
                                    .setUsePerSessionThreads(true)
                                    .build());
            session.initialize();
        } catch (RuntimeException e) {
            graph.close();
            throw e;
        }
    }

    private long seedFor(String purpose) {
        return Seeds.mix(config.seed(), (spec.name() + "/" + purpose).hashCode());
    }

    /** Trains with early stopping on the validation data and returns the best checkpoint. */
    public TrainedDenoiser train(DenoiserData trainData, DenoiserData validation, TrainingListener listener) {
        if (trainData.rows() < 2) {
            throw new IllegalArgumentException(
                    spec.name() + ": need at least 2 training rows, got " + trainData.rows());
        }
        long started = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seedFor("batches"));
        int rows = trainData.rows();
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        TrainingBatch batch = new TrainingBatch(config.batchSize(), spec);
        double bestMse = Double.POSITIVE_INFINITY;
        DenoiserWeights best = weights();
        int bestEpoch = 0;
        int sinceBest = 0;
        int epoch = 0;
        float lr = config.learningRate();
        List<double[]> history = new ArrayList<>();
        while (epoch < config.maxEpochs()) {
            epoch++;
            Seeds.shuffle(order, random);
            double lossSum = 0;
            int batches = 0;
            for (int start = 0; start < rows; start += config.batchSize()) {
                int size = Math.min(config.batchSize(), rows - start);
                if (size < 2) {
                    continue; // batch norm needs two rows, as the reference drops a singleton batch
                }
                batch.fill(trainData, order, start, size, random, schedule, config.masking(), spec.role(), centering);
                lossSum += step(batch, size, lr);
                batches++;
            }
            double meanLoss = lossSum / Math.max(1, batches);
            double valMse = Double.NaN;
            if (epoch % config.validateEvery() == 0 || epoch == config.maxEpochs()) {
                valMse = validationMse(validation);
                history.add(new double[] {epoch, meanLoss, valMse});
                if (valMse < bestMse) {
                    bestMse = valMse;
                    best = weights();
                    bestEpoch = epoch;
                    sinceBest = 0;
                } else if (++sinceBest >= config.patience()) {
                    listener.onEpoch(spec.name(), epoch, config.maxEpochs(), meanLoss, valMse);
                    break;
                } else {
                    // Reduce on plateau: a validation without progress scales the learning rate down.
                    lr *= config.plateauFactor();
                }
            }
            if (!Double.isFinite(meanLoss)) {
                throw new TrainingDivergedException(spec.name() + ": training loss became " + meanLoss + " at epoch "
                        + epoch + "; lower the learning rate");
            }
            listener.onEpoch(spec.name(), epoch, config.maxEpochs(), meanLoss, valMse);
        }
        TrainedDenoiser result = new TrainedDenoiser(
                spec, best, bestMse, epoch, bestEpoch, history, (System.nanoTime() - started) / 1e9);
        listener.onFinished(result, config.maxEpochs());
        return result;
    }

    private double step(TrainingBatch b, int size, float lr) {
        try (TFloat32 xt = Tensors.matrix(b.noisy(size), size, spec.targetDim());
                TFloat32 tt = Tensors.vector(b.steps(size));
                TFloat32 ct = Tensors.matrix(b.conditions(size), size, spec.conditionWidth());
                TFloat32 mt =
                        Tensors.matrix(b.mask(size), size, spec.conditions().size());
                TFloat32 nt = Tensors.matrix(b.noise(size), size, spec.targetDim());
                TFloat32 lrt = TFloat32.scalarOf(lr)) {
            Session.Runner runner = session.runner()
                    .feed(x, xt)
                    .feed(t, tt)
                    .feed(conditions, ct)
                    .feed(mask, mt)
                    .feed(noise, nt)
                    .feed(learningRate, lrt)
                    .fetch(loss);
            trainOps.forEach(runner::addTarget);
            try (Result r = runner.run()) {
                return ((TFloat32) r.get(0)).getFloat();
            }
        }
    }

    /**
     * Full-denoising validation MSE: every validation row repeated, denoised from noise with all of
     * its present conditions (and moved back by its center), compared with its real target.
     */
    public double validationMse(DenoiserData validation) {
        int repeats = config.validationRepeats();
        int d = spec.targetDim();
        float[] centers = new float[validation.rows() * d];
        if (centering != null) {
            int width = spec.conditionWidth();
            int k = spec.conditions().size();
            for (int r = 0; r < validation.rows(); r++) {
                centering.center(validation.conditions(), r * width, validation.presence(), r * k, centers, r * d);
            }
        }
        Conditioning c = validation.conditioning(spec, validation.presence()).repeat(repeats);
        long[] seeds = new long[c.rows()];
        long base = seedFor("validation");
        for (int i = 0; i < seeds.length; i++) {
            seeds[i] = Seeds.mix(base, i);
        }
        DiffusionSampler sampler = new DiffusionSampler(schedule);
        DiffusionSampler.Samples s = sampler.sample(predictor(), null, c, seeds, config.validationSampler());
        double sum = 0;
        for (int r = 0; r < c.rows(); r++) {
            int src = r / repeats;
            for (int j = 0; j < d; j++) {
                double diff = s.values()[r * d + j]
                        + centers[src * d + j]
                        - validation.target()[src * d + j];
                sum += diff * diff;
            }
        }
        return sum / ((double) c.rows() * d);
    }

    /** The current weights, copied out of the session. */
    public DenoiserWeights weights() {
        return new DenoiserWeights(Tensors.fetch(session, variables));
    }

    /** A one-member predictor over the current weights, in inference mode. */
    public NoisePredictor predictor() {
        return new NoisePredictor() {
            @Override
            public int dim() {
                return spec.targetDim();
            }

            @Override
            public int members() {
                return 1;
            }

            @Override
            public float[][] predict(float[] xValues, int step, Conditioning c) {
                int rows = c.rows();
                try (TFloat32 xt = Tensors.matrix(xValues, rows, spec.targetDim());
                        TFloat32 tt = Tensors.filled(rows, step);
                        TFloat32 ct = Tensors.matrix(c.inputs()[0], rows, c.widths()[0]);
                        TFloat32 mt = Tensors.matrix(c.masks()[0], rows, c.maskWidths()[0]);
                        Result r = session.runner()
                                .feed(x, xt)
                                .feed(t, tt)
                                .feed(conditions, ct)
                                .feed(mask, mt)
                                .fetch(inferenceEpsilon)
                                .run()) {
                    return new float[][] {Tensors.toArray(r.get(0))};
                }
            }
        };
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
