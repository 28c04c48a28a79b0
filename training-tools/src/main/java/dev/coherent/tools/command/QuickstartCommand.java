package dev.coherent.tools.command;

import dev.coherent.cohort.Cohort;
import dev.coherent.cohort.CohortReader;
import dev.coherent.cohort.ModalityMatrix;
import dev.coherent.cohort.Split;
import dev.coherent.cohort.WideRow;
import dev.coherent.cohort.WideTableReader;
import dev.coherent.cohort.WideTableWriter;
import dev.coherent.diffusion.DenoiserRole;
import dev.coherent.diffusion.SamplerSettings;
import dev.coherent.diffusion.TrainingConfig;
import dev.coherent.imputation.ImputationRequest;
import dev.coherent.imputation.TableImputation;
import dev.coherent.metrics.Regressions;
import dev.coherent.modelset.ImputationMethod;
import dev.coherent.modelset.ModelSet;
import dev.coherent.modelset.ModelSetTrainer;
import dev.coherent.store.ModelSetLayout;
import dev.coherent.store.ModelStores;
import dev.coherent.tools.option.SamplerOptions;
import dev.coherent.tools.option.StoreOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code coherent quickstart}: trains a small model set on the example cohort shipped in the repo,
 * hides one modality of each test patient, imputes it from the others, and prints how close the
 * imputations are to the hidden truth.
 */
@Command(
        name = "quickstart",
        mixinStandardHelpOptions = true,
        description = "Train a small model set on the example data, impute an example file, report the quality.")
public final class QuickstartCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--cohort",
            defaultValue = "examples/data/synthetic-pancancer-small",
            description = "Example cohort.")
    Path cohortDir;

    @Option(names = "--work-dir", defaultValue = "quickstart-output", description = "Where models and files go.")
    Path workDir;

    @Option(names = "--retrain", description = "Train again even if the work dir holds a model set.")
    boolean retrain;

    @Option(names = "--seed", defaultValue = "42")
    long seed;

    @Mixin
    StoreOptions store;

    @Override
    public Integer call() throws Exception {
        Cohort read = CohortReader.read(cohortDir);
        // The defaults a user gets from `coherent train`: the auto config, sized to the cohort.
        TrainingConfig config = TrainCommand.config("auto", read, seed);
        Cohort cohort = new ModelSetTrainer(
                        new ModelSetTrainer.Options(config, EnumSet.allOf(DenoiserRole.class), 1, null))
                .withSplit(read);
        Path models = workDir.resolve("models");
        if (retrain) {
            ModelStores.deleteTree(models);
        }
        if (Files.exists(models.resolve(ModelSetLayout.MANIFEST))) {
            System.out.println("1. reusing the model set in " + models + " (--retrain to train again)");
        } else {
            System.out.println("1. training a model set on " + cohortDir + " with the defaults (auto config)");
            ModelSetPublishing.train(
                    cohort,
                    new ModelSetTrainer.Options(
                            config,
                            EnumSet.allOf(DenoiserRole.class),
                            Runtime.getRuntime().availableProcessors(),
                            null),
                    models.toString(),
                    store,
                    System.out);
        }
        try (ModelSet set = ModelSet.load(models)) {
            Path input = workDir.resolve("example-input.tsv");
            Map<String, List<float[]>> hidden = writeExample(cohort, set, input);
            System.out.println("2. wrote " + input + ": test patients with one modality blanked out");
            Path output = workDir.resolve("example-imputed.tsv");
            // The safe default of every command and function (auto: the analytic variance where measured).
            SamplerSettings sampler = SamplerSettings.DEFAULT;
            TableImputation.Summary s = ImputeCommand.run(
                    set,
                    input,
                    output,
                    new ImputationRequest(List.of(), List.of(), ImputationMethod.AUTO, 10, seed, 0.9, sampler, false),
                    256,
                    false);
            System.out.printf(
                    Locale.ROOT,
                    "3. imputed %d modalities (10 draws each, %s; %d diverged) -> %s and %s%n",
                    s.imputedModalities(),
                    sampler.describe(),
                    s.divergedDraws(),
                    output,
                    ImputeCommand.reportPath(output));
            SamplerOptions.warnIfDiverged(
                    spec.commandLine().getErr(), s.divergedDraws(), s.imputedModalities() * 10L, sampler);
            report(set, output, hidden);
        }
        return 0;
    }

    /** Writes test patients with modality (i mod M) blanked; returns the hidden truth per modality in row order. */
    private static Map<String, List<float[]>> writeExample(Cohort cohort, ModelSet set, Path file) throws Exception {
        List<String> modalities = set.modalities();
        Map<String, List<float[]>> hidden = new LinkedHashMap<>();
        modalities.forEach(m -> hidden.put(m, new ArrayList<>()));
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (WideTableWriter w = WideTableWriter.create(file, new TableImputation(set).schema())) {
            int k = 0;
            for (int i : cohort.indices(Split.TEST)) {
                if (!cohort.complete(i)) {
                    continue;
                }
                String blank = modalities.get(k++ % modalities.size());
                Map<String, float[]> present = new LinkedHashMap<>();
                for (String m : modalities) {
                    ModalityMatrix mm = cohort.modality(m);
                    if (m.equals(blank)) {
                        hidden.get(m).add(mm.row(i));
                    } else {
                        present.put(m, mm.row(i));
                    }
                }
                w.write(new WideRow(cohort.sample(i).id(), present));
            }
        }
        return hidden;
    }

    private static void report(ModelSet set, Path output, Map<String, List<float[]>> hidden) throws Exception {
        Map<String, List<float[]>> imputed = new LinkedHashMap<>();
        set.modalities().forEach(m -> imputed.put(m, new ArrayList<>()));
        int k = 0;
        try (WideTableReader r = WideTableReader.open(output, new TableImputation(set).schema())) {
            for (List<WideRow> rows = r.next(256); !rows.isEmpty(); rows = r.next(256)) {
                for (WideRow row : rows) {
                    String blank = set.modalities().get(k++ % set.modalities().size());
                    imputed.get(blank).add(row.present().get(blank));
                }
            }
        }
        System.out.println(
                "4. quality against the hidden values (R² per feature, averaged; 1 = perfect, 0 = feature mean):");
        System.out.println("   modality   patients   R²");
        for (String m : set.modalities()) {
            float[][] truth = hidden.get(m).toArray(new float[0][]);
            float[][] pred = imputed.get(m).toArray(new float[0][]);
            if (truth.length > 1) {
                System.out.printf(
                        Locale.ROOT, "   %-10s %8d   %.3f%n", m, truth.length, Regressions.r2PerFeature(truth, pred));
            }
        }
    }
}
