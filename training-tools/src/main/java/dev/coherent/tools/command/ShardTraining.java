package dev.coherent.tools.command;

import dev.coherent.cohort.Cohort;
import dev.coherent.diffusion.DenoiserSpec;
import dev.coherent.diffusion.TrainedDenoiser;
import dev.coherent.modelset.ModelSetShards;
import dev.coherent.modelset.ModelSetTrainer;
import dev.coherent.modelset.Shard;
import dev.coherent.modelset.ShardDescriptor;
import dev.coherent.store.ModelStore;
import dev.coherent.store.ModelStores;
import dev.coherent.store.StagingLayout;
import dev.coherent.tools.option.StoreOptions;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code coherent train --shard I/N --staging URI}: one part of a model set, for {@code coherent assemble}. */
final class ShardTraining {
    private ShardTraining() {}

    /**
     * Trains the denoisers of one shard and writes them with their descriptor into the staging
     * store; the descriptor goes last, so that assemble never takes a half-written shard for done.
     */
    static ShardDescriptor train(
            Cohort cohort,
            ModelSetTrainer.Options options,
            Shard shard,
            String stagingUri,
            StoreOptions store,
            PrintStream out)
            throws Exception {
        ModelSetTrainer trainer = new ModelSetTrainer(options);
        ModelSetTrainer.TrainingPlan plan = trainer.plan(cohort);
        List<DenoiserSpec> mine = shard.select(plan.specs());
        out.printf(
                Locale.ROOT,
                "cohort %s: %d patients, modalities %s; shard %s trains %d of %d denoisers (%s config)%n",
                cohort.name(),
                cohort.size(),
                cohort.modalityNames(),
                shard,
                mine.size(),
                plan.specs().size(),
                options.config().network());
        long started = System.nanoTime();
        Map<String, TrainedDenoiser> trained;
        try (TrainingProgress progress =
                new TrainingProgress(mine.size(), options.config().maxEpochs(), out)) {
            trained = trainer.trainDenoisers(plan, mine, progress);
        }
        Path work = Files.createTempDirectory("coherent-shard");
        String shardKey = StagingLayout.shardDir(shard.index(), shard.count());
        ShardDescriptor descriptor = ModelSetShards.write(options, plan, shard, trained, work.resolve(shardKey));
        Path descriptorFile = work.resolve(StagingLayout.descriptor(shard.index(), shard.count()));
        byte[] descriptorBytes = Files.readAllBytes(descriptorFile);
        Files.delete(descriptorFile);
        try (ModelStore target = ModelStores.open(stagingUri, store.s3())) {
            target.publish(work);
            target.write(StagingLayout.descriptor(shard.index(), shard.count()), descriptorBytes);
        } finally {
            ModelStores.deleteTree(work);
        }
        out.printf(
                Locale.ROOT,
                "shard %s (%d models) written to %s (%.1f s); run `coherent assemble` once all %d are there%n",
                shard,
                mine.size(),
                stagingUri,
                (System.nanoTime() - started) / 1e9,
                shard.count());
        return descriptor;
    }
}
