package dev.coherent.modelset;

import dev.coherent.CoherentException;
import dev.coherent.cohort.Cohorts;
import dev.coherent.cohort.Split;
import dev.coherent.diffusion.DenoiserRole;
import dev.coherent.diffusion.DenoiserSavedModel;
import dev.coherent.diffusion.DenoiserSpec;
import dev.coherent.diffusion.TrainedDenoiser;
import dev.coherent.json.Json;
import dev.coherent.store.Digests;
import dev.coherent.store.Integrity;
import dev.coherent.store.MalformedModelException;
import dev.coherent.store.ModelNotFoundException;
import dev.coherent.store.ModelSetLayout;
import dev.coherent.store.StagingLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Training across machines: a shard writes its denoisers and a {@link ShardDescriptor} into a
 * staging folder, and {@link #collect} reads every shard back for {@link ModelSetTrainer#assemble}.
 * Weights travel as the same SavedModels a model set holds, so they come back bit for bit.
 */
public final class ModelSetShards {
    private ModelSetShards() {}

    /**
     * Writes one shard's denoisers under {@code dir} (the shard's own folder), descriptor last.
     *
     * @return the descriptor written
     */
    public static ShardDescriptor write(
            ModelSetTrainer.Options options,
            ModelSetTrainer.TrainingPlan plan,
            Shard shard,
            Map<String, TrainedDenoiser> trained,
            Path dir) {
        try {
            Files.createDirectories(dir);
            List<ModelEntry> entries = new ArrayList<>();
            for (DenoiserSpec spec : shard.select(plan.specs())) {
                TrainedDenoiser t = trained.get(spec.name());
                DenoiserSavedModel.export(spec, t.weights(), dir.resolve(ModelSetLayout.modelDir(spec.name())));
                entries.add(new ModelEntry(
                        spec.name(),
                        spec.role().label(),
                        spec.target(),
                        spec.targetDim(),
                        spec.conditions(),
                        spec.conditionDims(),
                        spec.network(),
                        t.validationMse(),
                        plan.data().denoiserData(spec, Split.TRAIN).rows(),
                        t.epochs(),
                        t.bestEpoch(),
                        t.seconds(),
                        t.weights().count(),
                        Map.of(),
                        plan.centering().containsKey(spec.name())));
            }
            ShardDescriptor d = new ShardDescriptor(
                    ShardDescriptor.FORMAT,
                    shard.index(),
                    shard.count(),
                    options.config(),
                    roles(options),
                    plan.cohort().name(),
                    Cohorts.fingerprint(plan.cohort()),
                    entries,
                    Digests.digestTree(dir, Set.of(StagingLayout.SHARD_DESCRIPTOR)));
            Json.MAPPER.writeValue(dir.resolve(StagingLayout.SHARD_DESCRIPTOR).toFile(), d);
            return d;
        } catch (IOException e) {
            throw new CoherentException("cannot write shard " + shard + " to " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Every shard of the run in a staging folder, by index, once each is there, of the same run and
     * unmodified; checked before any costly work.
     *
     * @throws ModelNotFoundException no shard, or a shard is missing
     * @throws MalformedModelException shards of different runs (config, seed, roles, cohort, number of shards)
     * @throws dev.coherent.store.TamperedModelException a shard's file was changed or removed
     */
    public static Map<Integer, ShardDescriptor> descriptors(Path staging) {
        Map<Integer, ShardDescriptor> out = new TreeMap<>();
        for (String key : descriptorKeys(staging)) {
            ShardDescriptor d;
            try {
                d = Json.MAPPER.readValue(staging.resolve(key).toFile(), ShardDescriptor.class);
            } catch (IOException e) {
                throw new MalformedModelException(
                        "staging " + key + " is not a shard descriptor: " + e.getMessage(), e);
            }
            if (!key.equals(StagingLayout.descriptor(d.shard(), d.shards()))) {
                throw new MalformedModelException("staging " + key + " describes shard " + d.shard() + "/" + d.shards()
                        + ": it was moved or edited");
            }
            ShardDescriptor before = out.put(d.shard(), d);
            if (before != null) {
                throw new MalformedModelException("staging holds shard " + d.shard() + " of " + before.shards()
                        + " and of " + d.shards() + " runs: clear it before training with another number of shards");
            }
        }
        if (out.isEmpty()) {
            throw new ModelNotFoundException("no shard in staging " + staging + " (no " + StagingLayout.descriptor(1, 1)
                    + "-like descriptor): train with --shard I/N --staging first");
        }
        ShardDescriptor first = out.values().iterator().next();
        List<Integer> missing = new ArrayList<>();
        for (int i = 1; i <= first.shards(); i++) {
            if (!out.containsKey(i)) {
                missing.add(i);
            }
        }
        if (!missing.isEmpty()) {
            throw new ModelNotFoundException("staging " + staging + " lacks shard(s) "
                    + missing.stream().map(i -> i + "/" + first.shards()).collect(Collectors.joining(", "))
                    + ": wait for them or train them again; nothing was published");
        }
        for (ShardDescriptor d : out.values()) {
            if (!d.sameRun(first)) {
                throw new MalformedModelException("shard " + d.part() + " in staging comes from another run than shard "
                        + first.part() + " (config, seed, roles, cohort or number of shards differ)");
            }
            Integrity.verify(
                    staging.resolve(StagingLayout.shardDir(d.shard(), d.shards())),
                    d.files(),
                    "shard " + d.part() + " in staging " + staging);
        }
        return out;
    }

    /**
     * Loads the denoisers of the shards {@link #descriptors} returned, once each shard is checked to
     * be of the plan's cohort and the given options and to hold exactly the denoisers the partition
     * gives it.
     *
     * @throws MalformedModelException shards of another config, seed or cohort, or a wrong partition
     */
    public static Map<String, TrainedDenoiser> collect(
            Path staging,
            Map<Integer, ShardDescriptor> shards,
            ModelSetTrainer.Options options,
            ModelSetTrainer.TrainingPlan plan) {
        String fingerprint = Cohorts.fingerprint(plan.cohort());
        Map<String, DenoiserSpec> specs = plan.specs().stream().collect(Collectors.toMap(DenoiserSpec::name, s -> s));
        Map<String, Map.Entry<DenoiserSpec, Path>> saved = new TreeMap<>();
        Map<String, ModelEntry> entries = new TreeMap<>();
        for (ShardDescriptor d : shards.values()) {
            if (!d.config().equals(options.config()) || !d.roles().equals(roles(options))) {
                throw new MalformedModelException("shard " + d.part() + " was trained with another config or seed");
            }
            if (!d.cohortFingerprint().equals(fingerprint)) {
                throw new MalformedModelException("shard " + d.part() + " was trained on another cohort (fingerprint "
                        + d.cohortFingerprint() + ", this one " + fingerprint + ")");
            }
            List<String> expected = d.part().select(plan.specs()).stream()
                    .map(DenoiserSpec::name)
                    .toList();
            List<String> held = d.models().stream().map(ModelEntry::name).toList();
            if (!expected.equals(held)) {
                throw new MalformedModelException(
                        "shard " + d.part() + " holds " + held + " but its part is " + expected);
            }
            Path dir = staging.resolve(StagingLayout.shardDir(d.shard(), d.shards()));
            for (ModelEntry e : d.models()) {
                saved.put(e.name(), Map.entry(specs.get(e.name()), dir.resolve(ModelSetLayout.modelDir(e.name()))));
                entries.put(e.name(), e);
            }
        }
        Map<String, TrainedDenoiser> out = new TreeMap<>();
        DenoiserSavedModel.loadWeights(saved).forEach((name, weights) -> {
            ModelEntry e = entries.get(name);
            out.put(
                    name,
                    new TrainedDenoiser(
                            specs.get(name),
                            weights,
                            e.validationMse(),
                            e.epochs(),
                            e.bestEpoch(),
                            List.of(),
                            e.seconds()));
        });
        return out;
    }

    private static List<String> descriptorKeys(Path staging) {
        if (!Files.isDirectory(staging)) {
            return List.of();
        }
        try (var dirs = Files.list(staging)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve(StagingLayout.SHARD_DESCRIPTOR)))
                    .map(d -> d.getFileName() + "/" + StagingLayout.SHARD_DESCRIPTOR)
                    .filter(StagingLayout::isDescriptor)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new CoherentException("cannot list staging " + staging + ": " + e.getMessage(), e);
        }
    }

    private static List<String> roles(ModelSetTrainer.Options options) {
        return options.roles().stream().map(DenoiserRole::label).toList();
    }
}
