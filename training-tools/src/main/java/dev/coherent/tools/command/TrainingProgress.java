package dev.coherent.tools.command;

import dev.coherent.diffusion.TrainedDenoiser;
import dev.coherent.diffusion.TrainingListener;
import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar over all epochs of all models, with ETA, on a terminal only (in a log or CI its
 * redrawn frames would run into one unreadable line); a model that stops early jumps ahead. Always
 * prints one line per finished model.
 */
final class TrainingProgress implements TrainingListener, AutoCloseable {
    private final ProgressBar bar;
    private final PrintStream out;

    TrainingProgress(int models, int maxEpochs, PrintStream out) {
        this.out = out;
        this.bar = System.console() == null
                ? null
                : new ProgressBarBuilder()
                        .setTaskName("train")
                        .setInitialMax((long) models * maxEpochs)
                        .setStyle(ProgressBarStyle.ASCII)
                        .setUnit(" epochs", 1)
                        .showSpeed()
                        .continuousUpdate()
                        .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
                        .build();
    }

    @Override
    public void onEpoch(String model, int epoch, int maxEpochs, double loss, double validationMse) {
        if (bar == null) {
            return;
        }
        synchronized (bar) {
            bar.step();
            bar.setExtraMessage(model);
        }
    }

    @Override
    public void onFinished(TrainedDenoiser result, int maxEpochs) {
        if (bar != null) {
            synchronized (bar) {
                bar.stepBy(maxEpochs - result.epochs());
            }
        }
        out.printf(
                Locale.ROOT,
                "  %-24s %4d epochs (best %4d)  validation MSE %.4f  %6.1f s%n",
                result.spec().name(),
                result.epochs(),
                result.bestEpoch(),
                result.validationMse(),
                result.seconds());
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
