package dev.coherent.tools.command;

import dev.coherent.cohort.CohortReader;
import dev.coherent.modelset.ImputationMethod;
import dev.coherent.modelset.ModelSet;
import dev.coherent.prioritization.PrioritizationEvaluation;
import dev.coherent.tools.option.SamplerOptions;
import dev.coherent.tools.option.StoreOptions;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code coherent evaluate-prioritization}: the paper's Figure 4 protocol. */
@Command(
        name = "evaluate-prioritization",
        mixinStandardHelpOptions = true,
        description =
                "Informed vs random choice of whom to measure a modality for; writes curves.tsv, auc.tsv and prioritization.png.")
public final class EvaluatePrioritizationCommand implements Callable<Integer> {
    @Option(names = "--cohort", required = true)
    Path cohortDir;

    @Option(names = "--models", required = true, description = "Model set with a classifier for --label.")
    String models;

    @Option(names = "--modality", required = true, description = "The costly modality, e.g. rnaseq.")
    String modality;

    @Option(names = "--label", defaultValue = "stage", description = "Classifier label (default: ${DEFAULT-VALUE}).")
    String label;

    @Option(names = "--out", required = true)
    Path out;

    @Option(names = "--draws", defaultValue = "10")
    int draws;

    @Option(names = "--repeats", defaultValue = "10")
    int repeats;

    @Option(names = "--method", defaultValue = "auto")
    String method;

    @Option(names = "--seed", defaultValue = "42")
    long seed;

    @Mixin
    SamplerOptions sampler;

    @Mixin
    StoreOptions store;

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        PrioritizationEvaluation.Result result;
        try (ModelSet set = ModelSet.open(models, store.s3(), store.cacheDir())) {
            result = new PrioritizationEvaluation(
                            set,
                            new PrioritizationEvaluation.Options(
                                    label,
                                    modality,
                                    draws,
                                    repeats,
                                    seed,
                                    sampler.settings(),
                                    ImputationMethod.parse(method)))
                    .run(set.modelSpace(CohortReader.read(cohortDir)), System.out::println);
        }
        Files.createDirectories(out);
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out.resolve("curves.tsv")))) {
            w.println("strategy\tratio_observed\tf1_mean\tf1_std");
            for (PrioritizationEvaluation.CurvePoint p : result.curves()) {
                w.printf(Locale.ROOT, "%s\t%.2f\t%.4f\t%.4f%n", p.strategy(), p.ratioObserved(), p.f1Mean(), p.f1Std());
            }
        }
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out.resolve("auc.tsv")))) {
            w.println("strategy\tauc\tauc_std");
            for (Map.Entry<String, double[]> e : result.auc().entrySet()) {
                w.printf(Locale.ROOT, "%s\t%.4f\t%.4f%n", e.getKey(), e.getValue()[0], e.getValue()[1]);
                System.out.printf(Locale.ROOT, "AUC %-22s %.4f ± %.4f%n", e.getKey(), e.getValue()[0], e.getValue()[1]);
            }
        }
        plot(result, out.resolve("prioritization.png"));
        System.out.printf(
                Locale.ROOT,
                "%d test patients; wrote %s (%.0f s)%n",
                result.patients(),
                out,
                (System.nanoTime() - started) / 1e9);
        return 0;
    }

    private void plot(PrioritizationEvaluation.Result result, Path file) throws Exception {
        System.setProperty("java.awt.headless", "true");
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        Map<String, YIntervalSeries> series = new java.util.LinkedHashMap<>();
        for (PrioritizationEvaluation.CurvePoint p : result.curves()) {
            series.computeIfAbsent(p.strategy(), YIntervalSeries::new)
                    .add(p.ratioObserved(), p.f1Mean(), p.f1Mean() - p.f1Std(), p.f1Mean() + p.f1Std());
        }
        series.values().forEach(data::addSeries);
        JFreeChart chart = ChartFactory.createXYLineChart(
                "Measuring " + modality + " for a share of test patients (" + label + ")",
                "share of patients with " + modality + " observed",
                "weighted F1",
                data,
                PlotOrientation.VERTICAL,
                true,
                false,
                false);
        XYPlot plot = chart.getXYPlot();
        DeviationRenderer renderer = new DeviationRenderer(true, false);
        Color[] colors = {new Color(0xd62728), new Color(0x9467bd), new Color(0x1f77b4)};
        for (int i = 0; i < series.size(); i++) {
            renderer.setSeriesPaint(i, colors[i % colors.length]);
            renderer.setSeriesFillPaint(i, colors[i % colors.length]);
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        renderer.setAlpha(0.2f);
        plot.setRenderer(renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, 800, 520);
    }
}
