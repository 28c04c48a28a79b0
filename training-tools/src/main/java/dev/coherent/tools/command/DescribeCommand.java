package dev.coherent.tools.command;

import dev.coherent.imputation.OutOfDistributionScorer;
import dev.coherent.modelset.IntervalCalibration;
import dev.coherent.modelset.LinearEntry;
import dev.coherent.modelset.ModelEntry;
import dev.coherent.modelset.ModelSet;
import dev.coherent.modelset.ModelSetManifest;
import dev.coherent.modelset.ValidationScore;
import dev.coherent.tools.option.StoreOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code coherent describe}: what a model set holds, as markdown (verifies it on the way). */
@Command(
        name = "describe",
        mixinStandardHelpOptions = true,
        description = "Print a model set's version, cohort, training config and per-model training results (markdown).")
public final class DescribeCommand implements Callable<Integer> {
    @Option(names = "--models", required = true, description = "Model set: folder, file:// or s3:// URI.")
    String models;

    @Mixin
    StoreOptions store;

    @Override
    public Integer call() {
        try (ModelSet set = ModelSet.open(models, store.s3(), store.cacheDir())) {
            ModelSetManifest m = set.manifest();
            System.out.printf(
                    "Model set `%s` (sha256 `%s`), created %s, %d denoisers.%n%n",
                    m.version(), set.sha256(), m.createdAt(), m.models().size());
            System.out.println("Cohort: " + m.cohort());
            System.out.println();
            System.out.println("Training: " + m.training());
            System.out.println();
            System.out.println("Provenance: " + m.provenance());
            System.out.println();
            System.out.println(
                    "| model | training rows | parameters | epochs | best epoch | validation MSE | seconds |");
            System.out.println("|---|---|---|---|---|---|---|");
            double total = 0;
            for (ModelEntry e : m.models()) {
                System.out.printf(
                        Locale.ROOT,
                        "| %s | %d | %d | %d | %d | %.4f | %.1f |%n",
                        e.name(),
                        e.trainingRows(),
                        e.parameters(),
                        e.epochs(),
                        e.bestEpoch(),
                        e.validationMse(),
                        e.seconds());
                total += e.seconds();
            }
            System.out.printf(Locale.ROOT, "%nSum of per-model training times: %.0f s.%n", total);
            if (!m.linear().isEmpty()) {
                System.out.println();
                System.out.println(
                        "| linear model | training rows | ridge alpha | held-out MSE | covariance shrinkage | cancer types mixed |");
                System.out.println("|---|---|---|---|---|---|");
                for (LinearEntry e : m.linear()) {
                    System.out.printf(
                            Locale.ROOT,
                            "| %s from %s | %d | %.3g | %.4f | %.3f | %s |%n",
                            e.target(),
                            e.conditions().isEmpty() ? "nothing" : String.join("+", e.conditions()),
                            e.rows(),
                            e.alpha(),
                            e.cvMse(),
                            e.shrinkage(),
                            e.groups() == 0 ? "–" : Integer.toString(e.groups()));
                }
            }
            System.out.println();
            System.out.println(outOfDistribution(set));
            if (m.validation() != null && !m.validation().isEmpty()) {
                System.out.println();
                System.out.println("What `auto` uses per target and condition set (validation MSE of each method's"
                        + " posterior mean; * = chosen), and each method's conformal multiplier q of the 90% interval"
                        + " with 10 draws (mean ± q·std; – = not calibrated: the draws' own quantiles):");
                System.out.println();
                System.out.println("| target | conditions | scores | q 90% (10 draws) |");
                System.out.println("|---|---|---|---|");
                Map<String, List<ValidationScore>> byQuery = new LinkedHashMap<>();
                for (ValidationScore s : m.validation()) {
                    byQuery.computeIfAbsent(
                                    s.target() + " | " + String.join("+", s.conditions()), k -> new ArrayList<>())
                            .add(s);
                }
                byQuery.forEach((query, scores) -> System.out.printf(
                        Locale.ROOT,
                        "| %s | %s | %s |%n",
                        query,
                        String.join(
                                ", ",
                                scores.stream()
                                        .map(s -> String.format(
                                                Locale.ROOT, "%s %.4f%s", s.method(), s.mse(), s.chosen() ? " *" : ""))
                                        .toList()),
                        String.join(
                                ", ",
                                scores.stream()
                                        .map(s -> {
                                            double q = IntervalCalibration.multiplier(s.intervals(), 10, 0.9);
                                            return s.method() + " "
                                                    + (Double.isNaN(q) ? "–" : String.format(Locale.ROOT, "%.2f", q));
                                        })
                                        .toList())));
            }
        }
        return 0;
    }

    /** One line on the set's out-of-distribution score: its model and how many thresholds it has. */
    public static String outOfDistribution(ModelSet set) {
        int thresholds = set.manifest().outOfDistribution().size();
        if (OutOfDistributionScorer.of(set).isEmpty()) {
            return "Out-of-distribution: no verdict (a set trained on a raw cohort before its thresholds came from"
                    + " patients its encoders did not see, or before any thresholds).";
        }
        return set.disagreement()
                .map(f -> String.format(
                        Locale.ROOT,
                        "Out-of-distribution: disagreement under a factor model of rank %d fitted on %d patients;"
                                + " thresholds for %d sets of provided modalities.",
                        f.weights().rank(),
                        f.weights().patients(),
                        thresholds))
                .orElse(String.format(
                        Locale.ROOT,
                        "Out-of-distribution: the linear models (trained before the factor model; `coherent calibrate"
                                + " --out-of-distribution-only` adds it); thresholds for %d sets of provided modalities.",
                        thresholds));
    }
}
