package dev.coherent.bench;

import dev.coherent.diffusion.Conditioning;
import dev.coherent.diffusion.DenoiserConfig;
import dev.coherent.diffusion.DenoiserOps;
import dev.coherent.diffusion.DenoiserRole;
import dev.coherent.diffusion.DenoiserSpec;
import dev.coherent.diffusion.DenoiserWeights;
import dev.coherent.diffusion.DiffusionSampler;
import dev.coherent.diffusion.InferenceGraph;
import dev.coherent.diffusion.NoiseSchedule;
import dev.coherent.diffusion.RejectionSettings;
import dev.coherent.diffusion.SamplerSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Measures the sampler's achieved GFLOP/s next to a plain TensorFlow chain of matrix products with
 * the same layer shapes, in one run, so the ratio says how close a denoising step gets to the cost
 * of its arithmetic.
 *
 * <p>FLOPs count the multiply-adds of every dense layer (2·in·out per row); batch norm, ReLU,
 * concatenation and the Java-side update are overhead, not work. Weights are random: speed does
 * not depend on their values. Rejection is off so every member runs exactly {@code steps} steps.
 */
public final class SamplerBenchmark {
    /**
     * One measured point: the sampler stepping in Java (one session call per step) and fused (the
     * whole plan in one call, {@link dev.coherent.diffusion.FusedReverseGraph}).
     */
    public record Point(
            String method,
            int batch,
            double steppedGflops,
            double fusedGflops,
            double matmulGflops,
            long flopsPerRowStep,
            double fusedFirstCallSeconds) {
        /** The faster sampler path against the plain matmul. */
        public double ratio() {
            return Math.max(steppedGflops, fusedGflops) / matmulGflops;
        }

        /** Microseconds per denoising step of the whole batch at a given GFLOP/s. */
        public double microsPerStep(double gflops) {
            return flopsPerRowStep * (double) batch / gflops / 1e3;
        }
    }

    private final DenoiserConfig network;
    private final int dim;
    private final int steps;
    private final double minSeconds;

    /**
     * @param dim dimension of every modality (32 in the paper)
     * @param steps DDIM steps per timed sampling call
     * @param minSeconds repeat each measurement until at least this much time has passed
     */
    public SamplerBenchmark(DenoiserConfig network, int dim, int steps, double minSeconds) {
        this.network = network;
        this.dim = dim;
        this.steps = steps;
        this.minSeconds = minSeconds;
    }

    /** Multiply-add FLOPs of one forward pass of one row. */
    public static long flopsPerRow(DenoiserSpec spec) {
        long flops = 0;
        for (Map.Entry<String, long[]> p : DenoiserOps.parameterShapes(spec).entrySet()) {
            if (p.getKey().endsWith(DenoiserOps.WEIGHT)) {
                flops += 2 * p.getValue()[0] * p.getValue()[1];
            }
        }
        return flops;
    }

    private DenoiserSpec single(String target, String condition) {
        return new DenoiserSpec(
                DenoiserSpec.singleName(target, condition),
                DenoiserRole.SINGLE,
                target,
                dim,
                List.of(condition),
                List.of(dim),
                network);
    }

    private DenoiserSpec multi() {
        return new DenoiserSpec(
                DenoiserSpec.multiName("a"),
                DenoiserRole.MULTI,
                "a",
                dim,
                List.of("b", "c", "d"),
                List.of(dim, dim, dim),
                network);
    }

    /** Runs every method at every batch size. */
    public List<Point> run(List<Integer> batches) {
        Map<String, List<DenoiserSpec>> methods = new LinkedHashMap<>();
        methods.put("single", List.of(single("a", "b")));
        methods.put("multi", List.of(multi()));
        methods.put("coherent2", List.of(single("a", "b"), single("a", "c")));
        methods.put("coherent3", List.of(single("a", "b"), single("a", "c"), single("a", "d")));
        Map<DenoiserSpec, DenoiserWeights> all = new LinkedHashMap<>();
        long seed = 1;
        for (List<DenoiserSpec> specs : methods.values()) {
            for (DenoiserSpec s : specs) {
                all.putIfAbsent(s, DenoiserWeights.initial(s, seed++));
            }
        }
        List<Point> out = new ArrayList<>();
        DiffusionSampler stepped = new DiffusionSampler(NoiseSchedule.standard(), 0);
        DiffusionSampler fused = new DiffusionSampler(NoiseSchedule.standard(), Integer.MAX_VALUE);
        // Stochastic DDIM, as served: the noise is drawn in Java on both paths.
        SamplerSettings settings = SamplerSettings.ddim(steps).withEta(1).withRejection(RejectionSettings.NONE);
        try (InferenceGraph graph = new InferenceGraph(all)) {
            for (Map.Entry<String, List<DenoiserSpec>> m : methods.entrySet()) {
                List<String> names =
                        m.getValue().stream().map(DenoiserSpec::name).toList();
                long flopsPerRowStep = m.getValue().stream()
                        .mapToLong(SamplerBenchmark::flopsPerRow)
                        .sum();
                for (int batch : batches) {
                    Conditioning c = conditioning(m.getValue(), batch);
                    long[] seeds = new long[batch];
                    for (int i = 0; i < batch; i++) {
                        seeds[i] = i;
                    }
                    double work = flopsPerRowStep * (double) batch * steps / 1e9;
                    double steppedGflops =
                            work / time(() -> stepped.sample(graph.predictor(names), null, c, seeds, settings));
                    // The first fused call of a plan builds and optimizes its graph: timed on its own.
                    Runnable fusedCall = () -> fused.sample(graph.predictor(names), null, c, seeds, settings);
                    long first = System.nanoTime();
                    fusedCall.run();
                    double fusedFirstCall = (System.nanoTime() - first) / 1e9;
                    double fusedGflops = work / time(fusedCall);
                    double matmulGflops = matmulGflops(m.getValue(), batch);
                    out.add(new Point(
                            m.getKey(),
                            batch,
                            steppedGflops,
                            fusedGflops,
                            matmulGflops,
                            flopsPerRowStep,
                            fusedFirstCall));
                }
            }
        }
        return out;
    }

    private Conditioning conditioning(List<DenoiserSpec> specs, int rows) {
        Random r = new Random(3);
        float[][] in = new float[specs.size()][];
        float[][] mask = new float[specs.size()][];
        int[] widths = new int[specs.size()];
        int[] maskWidths = new int[specs.size()];
        for (int m = 0; m < specs.size(); m++) {
            widths[m] = specs.get(m).conditionWidth();
            maskWidths[m] = specs.get(m).conditions().size();
            in[m] = new float[rows * widths[m]];
            for (int i = 0; i < in[m].length; i++) {
                in[m][i] = (float) r.nextGaussian();
            }
            mask[m] = new float[rows * maskWidths[m]];
            java.util.Arrays.fill(mask[m], 1f);
        }
        return new Conditioning(rows, in, widths, mask, maskWidths);
    }

    /**
     * GFLOP/s of the bare matrix products of one sampler step: per member, the chain of
     * [batch, in]×[in, out] products of its layers, all members in one session call, called
     * {@code steps} times, as the sampler calls its graph.
     */
    private double matmulGflops(List<DenoiserSpec> specs, int batch) {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            List<Placeholder<TFloat32>> inputs = new ArrayList<>();
            List<Integer> widths = new ArrayList<>();
            List<Operand<TFloat32>> outputs = new ArrayList<>();
            long flops = 0;
            Random r = new Random(5);
            for (DenoiserSpec spec : specs) {
                for (Map.Entry<String, long[]> p :
                        DenoiserOps.parameterShapes(spec).entrySet()) {
                    if (!p.getKey().endsWith(DenoiserOps.WEIGHT)) {
                        continue;
                    }
                    int in = (int) p.getValue()[0];
                    int outDim = (int) p.getValue()[1];
                    float[] w = new float[in * outDim];
                    for (int i = 0; i < w.length; i++) {
                        w[i] = (float) (r.nextGaussian() * 0.05);
                    }
                    Placeholder<TFloat32> x = tf.placeholder(TFloat32.class);
                    inputs.add(x);
                    widths.add(in);
                    outputs.add(tf.linalg.matMul(x, tf.constant(Shape.of(in, outDim), DataBuffers.of(w, true, false))));
                    flops += 2L * in * outDim;
                }
            }
            long flopsPerStep = flops * batch;
            try (Session s = new Session(g)) {
                List<TFloat32> feeds = new ArrayList<>();
                try {
                    for (int width : widths) {
                        // Inputs are fed, not constant, so TensorFlow cannot fold the products away.
                        feeds.add(TFloat32.tensorOf(
                                Shape.of(batch, width), DataBuffers.of(new float[batch * width], false, false)));
                    }
                    double perCall = time(() -> {
                        for (int k = 0; k < steps; k++) {
                            Session.Runner runner = s.runner();
                            for (int i = 0; i < inputs.size(); i++) {
                                runner.feed(inputs.get(i), feeds.get(i));
                            }
                            outputs.forEach(runner::fetch);
                            try (Result res = runner.run()) {
                                // results are dropped: only the time matters
                            }
                        }
                    });
                    return flopsPerStep * (double) steps / perCall / 1e9;
                } finally {
                    feeds.forEach(TFloat32::close);
                }
            }
        }
    }

    /** Median seconds per call over repeated calls (at least 3, at least {@code minSeconds} in all). */
    private double time(Runnable call) {
        call.run(); // warm-up: graph optimization, allocations
        List<Double> times = new ArrayList<>();
        long start = System.nanoTime();
        while (times.size() < 3 || (System.nanoTime() - start) / 1e9 < minSeconds) {
            long t0 = System.nanoTime();
            call.run();
            times.add((System.nanoTime() - t0) / 1e9);
        }
        times.sort(Double::compare);
        return times.get(times.size() / 2);
    }
}
