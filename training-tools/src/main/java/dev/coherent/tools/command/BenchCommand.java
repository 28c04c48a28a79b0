package dev.coherent.tools.command;

import dev.coherent.bench.SamplerBenchmark;
import dev.coherent.diffusion.TrainingConfig;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code coherent bench}: speed measurements. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks.",
        subcommands = {BenchCommand.Sampler.class, LoadCommand.class, ColdStartCommand.class})
public final class BenchCommand {

    /** {@code coherent bench sampler}: sampler GFLOP/s next to plain TensorFlow matmuls. */
    @Command(name = "sampler", mixinStandardHelpOptions = true,
            description = "Print method, batch, sampler GFLOP/s, matmul GFLOP/s and their ratio (TSV).")
    public static final class Sampler implements Callable<Integer> {
        @Option(names = "--config", defaultValue = "paper", description = "Network shape: small or paper.")
        String config;

        @Option(names = "--batches", split = ",", defaultValue = "1,64,1024", description = "Batch sizes.")
        List<Integer> batches;

        @Option(names = "--steps", defaultValue = "20", description = "DDIM steps per timed call.")
        int steps;

        @Option(names = "--min-seconds", defaultValue = "2", description = "Minimum time per measurement.")
        double minSeconds;

        @Override
        public Integer call() {
            TrainingConfig cfg = TrainCommand.config(config, 0);
            SamplerBenchmark bench = new SamplerBenchmark(cfg.network(), 32, steps, minSeconds);
            System.out.println("method\tbatch\tsampler_gflops\tmatmul_gflops\tratio");
            for (SamplerBenchmark.Point p : bench.run(batches)) {
                System.out.printf(Locale.ROOT, "%s\t%d\t%.2f\t%.2f\t%.2f%n", p.method(), p.batch(), p.samplerGflops(),
                        p.matmulGflops(), p.ratio());
            }
            return 0;
        }
    }
}
