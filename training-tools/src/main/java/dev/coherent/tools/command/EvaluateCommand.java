package dev.coherent.tools.command;

import dev.coherent.cohort.Cohort;
import dev.coherent.cohort.CohortReader;
import dev.coherent.diffusion.SamplerSettings;
import dev.coherent.evaluation.EvaluationReport;
import dev.coherent.evaluation.EvaluationRow;
import dev.coherent.evaluation.Evaluator;
import dev.coherent.evaluation.OutOfDistributionCheck;
import dev.coherent.imputation.OutOfDistributionScorer;
import dev.coherent.modelset.ModelSet;
import dev.coherent.tools.option.SamplerOptions;
import dev.coherent.tools.option.StoreOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code coherent evaluate}: scores a model set on a cohort's test split. */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description = "Score every target, condition set and method on the test split; writes evaluation.tsv and"
                + " evaluation.md, and warns on stderr when draws diverged (spread far beyond the training data's).")
public final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--cohort", required = true, description = "Cohort folder (its oracle_r2.tsv is used if present).")
    Path cohortDir;

    @Option(names = "--models", required = true, description = "Model set: folder, file:// or s3:// URI.")
    String models;

    @Option(names = "--out", required = true, description = "Output folder.")
    Path out;

    @Option(names = "--draws", defaultValue = "10", description = "Draws per patient.")
    int draws;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the draws.")
    long seed;

    @Option(
            names = "--max-patients",
            defaultValue = "0",
            description = "Use at most this many test patients, a seeded random subset (0 = all).")
    int maxPatients;

    @Option(
            names = "--other-cohort",
            description =
                    "A cohort of other patients with some of the same modalities:"
                            + " the out-of-distribution check (ood.md) also scores how well they are told apart from the test split.")
    Path otherCohort;

    @Option(names = "--independent-draws", description = "Draw independently instead of in antithetic pairs.")
    boolean independent;

    @Mixin
    SamplerOptions sampler;

    @Mixin
    StoreOptions store;

    @Override
    public Integer call() {
        SamplerSettings settings = sampler.settings();
        Cohort read = CohortReader.read(cohortDir);
        long started = System.nanoTime();
        try (ModelSet set = ModelSet.open(models, store.s3(), store.cacheDir())) {
            // A set trained on a raw cohort scores in its code space: encode the raw cohort first.
            Cohort cohort = set.modelSpace(read);
            Evaluator evaluator =
                    new Evaluator(set, new Evaluator.Options(draws, seed, settings, maxPatients, 0.9, !independent));
            System.out.println(
                    "target\tcondition\tmethod\tr2\tcoverage90\toracle_r2\tols_r2\tridge_r2\tseconds\tdiverged");
            List<EvaluationRow> rows = evaluator.evaluate(
                    cohort,
                    Evaluator.readOracle(cohortDir),
                    r -> System.out.printf(
                            Locale.ROOT,
                            "%s\t%s\t%s\t%.4f\t%.3f\t%.4f\t%.4f\t%.4f\t%.1f\t%d%n",
                            r.target(),
                            r.condition(),
                            r.method(),
                            r.r2(),
                            r.coverage90(),
                            r.oracleR2(),
                            r.olsR2(),
                            r.ridgeR2(),
                            r.seconds(),
                            r.diverged()));
            double seconds = (System.nanoTime() - started) / 1e9;
            String settingsLine = String.format(
                    Locale.ROOT,
                    "Model set `%s` on `%s` test split (%s patients), %d %s draws, sampler %s, seed %d; wall time %.0f s.",
                    set.version(),
                    cohort.name(),
                    maxPatients > 0 ? "at most " + maxPatients : "all",
                    draws,
                    independent ? "independent" : "antithetic-pair",
                    settings.describe(),
                    seed,
                    seconds);
            EvaluationReport.write(rows, out, "Evaluation of " + set.version(), settingsLine, draws, settings);
            System.out.println(settingsLine);
            SamplerOptions.warnIfDiverged(
                    spec.commandLine().getErr(),
                    EvaluationReport.divergedDraws(rows),
                    EvaluationReport.totalDraws(rows, draws),
                    settings);
            if (OutOfDistributionScorer.of(set).isPresent()) {
                Cohort other = otherCohort == null ? null : set.modelSpace(CohortReader.read(otherCohort));
                OutOfDistributionCheck.write(
                        OutOfDistributionCheck.run(set, cohort, other, seed),
                        out,
                        "Out-of-distribution check of " + set.version() + " on `" + cohort.name() + "`"
                                + (other == null ? "" : " (other cohort `" + other.name() + "`)"));
            }
        }
        return 0;
    }
}
