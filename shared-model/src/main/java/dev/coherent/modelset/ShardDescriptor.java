package dev.coherent.modelset;

import dev.coherent.diffusion.TrainingConfig;
import java.util.List;
import java.util.Map;

/**
 * What one shard of a training run left in staging ({@code shard.json}): which part it is, of which
 * run (config, roles, cohort fingerprint), its denoisers with how they trained, and the sha256 of
 * every other file of the shard, so that {@code assemble} refuses a mixed, partial or modified staging.
 *
 * @param models the shard's denoisers as they will stand in the manifest ({@code files} empty)
 * @param files sha256 of every file of the shard but this descriptor, keys relative to the shard folder
 */
public record ShardDescriptor(
        int format,
        int shard,
        int shards,
        TrainingConfig config,
        List<String> roles,
        String cohortName,
        String cohortFingerprint,
        List<ModelEntry> models,
        Map<String, String> files) {
    public static final int FORMAT = 1;

    public Shard part() {
        return new Shard(shard, shards);
    }

    /** Whether two shards belong to the same run: same partition, config, roles and cohort. */
    boolean sameRun(ShardDescriptor other) {
        return shards == other.shards
                && config.equals(other.config)
                && roles.equals(other.roles)
                && cohortFingerprint.equals(other.cohortFingerprint);
    }
}
