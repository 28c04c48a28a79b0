package dev.coherent.tools.command;

import dev.coherent.cohort.Cohort;
import dev.coherent.cohort.CohortFormatException;
import dev.coherent.cohort.CohortReader;
import dev.coherent.cohort.Cohorts;
import dev.coherent.diffusion.DenoiserRole;
import dev.coherent.diffusion.TrainedDenoiser;
import dev.coherent.modelset.ModelSetManifest;
import dev.coherent.modelset.ModelSetShards;
import dev.coherent.modelset.ModelSetTrainer;
import dev.coherent.modelset.ShardDescriptor;
import dev.coherent.preprocess.PreprocessingConfig;
import dev.coherent.store.ModelStore;
import dev.coherent.store.ModelStores;
import dev.coherent.tools.option.PublishOptions;
import dev.coherent.tools.option.StoreOptions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code coherent assemble}: publishes the model set whose parts {@code train --shard I/N} left in
 * staging, once every part is there and unmodified. It refits the linear models (cheap and
 * deterministic), then computes what needs every denoiser: the validation scores and {@code auto}'s
 * choices, the x̂₀ error, and the audit reference; the set goes out through train's export and
 * publish path. The staging is kept: delete it once the set is in use.
 */
@Command(
        name = "assemble",
        mixinStandardHelpOptions = true,
        description = "Publish the model set trained in parts by `train --shard I/N --staging URI`, once every part"
                + " is in staging.")
public final class AssembleCommand implements Callable<Integer> {
    @Option(names = "--staging", required = true, description = "Where the shards wrote their parts.")
    String staging;

    @Option(
            names = "--cohort",
            required = true,
            description = "The cohort the shards were trained on (checked"
                    + " against their fingerprint; validation patients score the methods).")
    Path cohortDir;

    @Option(
            names = "--out",
            required = true,
            description = "Where to publish the model set: a new local folder, file:// or s3://bucket/prefix.")
    String out;

    @Mixin
    PublishOptions publish;

    @Mixin
    StoreOptions store;

    @Override
    public Integer call() throws Exception {
        PrintStream console = System.out;
        long started = System.nanoTime();
        Cohort cohort = CohortReader.read(cohortDir);
        if (!PreprocessingConfig.read(cohortDir).isEmpty()) {
            throw new CohortFormatException(
                    cohortDir + " is a raw cohort; training across machines does not support raw cohorts");
        }
        try (ModelStore stagingStore = ModelStores.open(staging, store.s3())) {
            Path local = ModelStores.localFolder(staging);
            Path dir = stagingStore.materialize(store.cacheDir());
            try {
                ModelSetManifest manifest = assemble(cohort, dir, console);
                console.printf(
                        Locale.ROOT,
                        "model set %s assembled from %s and written to %s (%d models, %.1f s);"
                                + " the staging is kept%n",
                        manifest.version(),
                        staging,
                        out,
                        manifest.models().size(),
                        (System.nanoTime() - started) / 1e9);
            } finally {
                if (local == null) {
                    ModelStores.deleteTree(dir);
                }
            }
        }
        return 0;
    }

    private ModelSetManifest assemble(Cohort cohort, Path stagingDir, PrintStream console) throws Exception {
        Map<Integer, ShardDescriptor> shards = ModelSetShards.descriptors(stagingDir);
        ShardDescriptor first = shards.values().iterator().next();
        Set<DenoiserRole> roles = EnumSet.noneOf(DenoiserRole.class);
        first.roles().forEach(r -> roles.add(DenoiserRole.valueOf(r.toUpperCase(Locale.ROOT))));
        ModelSetTrainer.Options options = new ModelSetTrainer.Options(first.config(), roles, 1, publish.versionLabel());
        ModelSetTrainer trainer = new ModelSetTrainer(options);
        String fingerprint = Cohorts.fingerprint(trainer.withSplit(cohort));
        if (!fingerprint.equals(first.cohortFingerprint())) {
            throw new CohortFormatException(cohortDir + " is not the cohort the shards were trained on (fingerprint "
                    + fingerprint + ", shards " + first.cohortFingerprint() + " of '" + first.cohortName() + "')");
        }
        ModelSetTrainer.TrainingPlan plan = trainer.plan(cohort);
        Map<String, TrainedDenoiser> trained = ModelSetShards.collect(stagingDir, shards, options, plan);
        console.printf(
                Locale.ROOT,
                "%d of %d shards with %d denoisers in staging; scoring the methods on validation%n",
                shards.size(),
                first.shards(),
                trained.size());
        ModelSetTrainer.TrainedModelSet set = trainer.assemble(plan, trained);
        String refUri = publish.auditReferenceUri(out);
        ModelSetManifest manifest = ModelSetPublishing.publish(
                set,
                plan.cohort(),
                out,
                store,
                ModelSetPublishing.auditReference(
                        refUri, publish.auditSamples(), first.config().seed(), store));
        console.println(
                "audit reference written to " + refUri + " (training records: keep it apart from the model set)");
        return manifest;
    }
}
