package dev.coherent.tools.command;

import dev.coherent.modelset.ModelEntry;
import dev.coherent.modelset.ModelSet;
import dev.coherent.modelset.ModelSetManifest;
import dev.coherent.tools.option.StoreOptions;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code coherent describe}: what a model set holds, as markdown (verifies it on the way). */
@Command(name = "describe", mixinStandardHelpOptions = true,
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
            System.out.printf("Model set `%s` (sha256 `%s`), created %s, %d denoisers.%n%n", m.version(), set.sha256(),
                    m.createdAt(), m.models().size());
            System.out.println("Cohort: " + m.cohort());
            System.out.println();
            System.out.println("Training: " + m.training());
            System.out.println();
            System.out.println("Provenance: " + m.provenance());
            System.out.println();
            System.out.println("| model | training rows | parameters | epochs | best epoch | validation MSE | seconds |");
            System.out.println("|---|---|---|---|---|---|---|");
            double total = 0;
            for (ModelEntry e : m.models()) {
                System.out.printf(Locale.ROOT, "| %s | %d | %d | %d | %d | %.4f | %.1f |%n", e.name(), e.trainingRows(),
                        e.parameters(), e.epochs(), e.bestEpoch(), e.validationMse(), e.seconds());
                total += e.seconds();
            }
            System.out.printf(Locale.ROOT, "%nSum of per-model training times: %.0f s.%n", total);
        }
        return 0;
    }
}
