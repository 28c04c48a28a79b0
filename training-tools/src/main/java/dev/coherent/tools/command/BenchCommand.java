package dev.coherent.tools.command;

import dev.coherent.bench.SamplerBenchmark;
import dev.coherent.diffusion.TrainingConfig;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code coherent bench}: speed measurements. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Benchmarks.",
        subcommands = {BenchCommand.Sampler.class, LoadCommand.class, ColdStartCommand.class})
public final class BenchCommand {

    /** {@code coherent bench sampler}: sampler GFLOP/s next to plain TensorFlow matmuls. */
    @Command(
            name = "sampler",
            mixinStandardHelpOptions = true,
            description = "Print, per method and batch, the sampler's GFLOP/s stepping in Java and fused into one "
                    + "graph, a plain TF matmul's GFLOP/s of the same layer shapes, the ratio of the faster path to "
                    + "the matmul, microseconds per denoising step, and the seconds of the first fused call of a plan (graph "
                    + "build and optimization) (TSV).")
    public static final class Sampler implements Callable<Integer> {
        @Option(names = "--config", defaultValue = "paper", description = "Network shape: small or paper.")
        String config;

        @Option(names = "--batches", split = ",", defaultValue = "1,64,1024,8192", description = "Batch sizes.")
        List<Integer> batches;

        @Option(names = "--steps", defaultValue = "20", description = "DDIM steps per timed call.")
        int steps;

        @Option(names = "--min-seconds", defaultValue = "2", description = "Minimum time per measurement.")
        double minSeconds;

        @Override
        public Integer call() {
            TrainingConfig cfg = TrainingConfig.named(config, 0, 0);
            SamplerBenchmark bench = new SamplerBenchmark(cfg.network(), 32, steps, minSeconds);
            System.out.println("method\tbatch\tstepped_gflops\tfused_gflops\tmatmul_gflops\tratio"
                    + "\tstepped_us_per_step\tfused_us_per_step\tmatmul_us_per_step\tfused_first_call_s");
            for (SamplerBenchmark.Point p : bench.run(batches)) {
                System.out.printf(
                        Locale.ROOT,
                        "%s\t%d\t%.2f\t%.2f\t%.2f\t%.2f\t%.1f\t%.1f\t%.1f\t%.2f%n",
                        p.method(),
                        p.batch(),
                        p.steppedGflops(),
                        p.fusedGflops(),
                        p.matmulGflops(),
                        p.ratio(),
                        p.microsPerStep(p.steppedGflops()),
                        p.microsPerStep(p.fusedGflops()),
                        p.microsPerStep(p.matmulGflops()),
                        p.fusedFirstCallSeconds());
            }
            return 0;
        }
    }
}
