package dev.coherent.functions.imputation;

import dev.coherent.diffusion.DiffusionSampler.Samples;
import dev.coherent.diffusion.SamplerSettings;
import dev.coherent.functions.common.batching.MicroBatcher;
import dev.coherent.functions.common.metrics.CoherentMetrics;
import dev.coherent.imputation.Imputer;
import dev.coherent.modelset.ModelSet;
import dev.coherent.modelset.SamplingPlan;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Dynamic batching for the imputation engine: concurrent sampling calls for the same model set,
 * plan (target, conditions, members, weights) and sampler settings are concatenated into one
 * {@link ModelSet#sample} call and its rows split back.
 *
 * <p>Every row keeps its own seed and noise sign, and a row's sample depends only on those and on
 * its conditions (the sampler's randomness is per row and batch norm uses running statistics), so a
 * seeded request gets the numbers it would get alone. One network call per step then serves many
 * requests, which is where the time goes at small batches.
 */
@ApplicationScoped
public class BatchingSampler {
    /** What must be equal for two calls to share a batch. */
    record Key(
            ModelSet set,
            String target,
            List<String> conditions,
            String method,
            List<String> members,
            List<Double> weights,
            SamplerSettings settings) {}

    /** One caller's rows. */
    record Part(SamplingPlan plan, List<Map<String, float[]>> rows, long[] seeds, float[] signs) {}

    private final MicroBatcher<Key, Part, Samples> batcher;

    @Inject
    public BatchingSampler(BatchingConfig config, CoherentMetrics metrics) {
        this(config, false, metrics::batch);
    }

    /** @param waitAlone wait for the window even with no other request in flight (for tests) */
    BatchingSampler(BatchingConfig config, boolean waitAlone, MicroBatcher.Observer observer) {
        this.batcher = new MicroBatcher<>(
                config.window(), config.maxRows(), waitAlone, observer, BatchingSampler::sampleTogether);
    }

    /** The engine hook for one model set. */
    public Imputer.RowSampler rowSampler(ModelSet set) {
        return (plan, rows, seeds, signs, settings) ->
                batcher.call(key(set, plan, settings), new Part(plan, rows, seeds, signs), rows.size());
    }

    /** Sampler calls made (a merged batch counts once). */
    public long samplerCalls() {
        return batcher.batchCalls();
    }

    /** Sampling calls requested by the engine. */
    public long requestedCalls() {
        return batcher.items();
    }

    private static Key key(ModelSet set, SamplingPlan plan, SamplerSettings settings) {
        return new Key(
                set,
                plan.target(),
                plan.conditions(),
                plan.method(),
                plan.members(),
                Arrays.stream(plan.weights()).boxed().toList(),
                settings);
    }

    static List<Samples> sampleTogether(Key key, List<Part> parts) {
        if (parts.size() == 1) {
            Part p = parts.get(0);
            return List.of(key.set().sample(p.plan(), p.rows(), p.seeds(), p.signs(), key.settings()));
        }
        int total = parts.stream().mapToInt(p -> p.rows().size()).sum();
        List<Map<String, float[]>> rows = new ArrayList<>(total);
        long[] seeds = new long[total];
        float[] signs = new float[total];
        int at = 0;
        for (Part p : parts) {
            int n = p.rows().size();
            rows.addAll(p.rows());
            System.arraycopy(p.seeds(), 0, seeds, at, n);
            if (p.signs() == null) {
                Arrays.fill(signs, at, at + n, 1f);
            } else {
                System.arraycopy(p.signs(), 0, signs, at, n);
            }
            at += n;
        }
        Samples all = key.set().sample(parts.get(0).plan(), rows, seeds, signs, key.settings());
        List<Samples> out = new ArrayList<>(parts.size());
        int dim = all.dim();
        at = 0;
        for (Part p : parts) {
            int n = p.rows().size();
            out.add(new Samples(
                    Arrays.copyOfRange(all.values(), at * dim, (at + n) * dim),
                    n,
                    dim,
                    Arrays.copyOfRange(all.attempts(), at, at + n),
                    Arrays.copyOfRange(all.badFraction(), at, at + n),
                    Arrays.copyOfRange(all.accepted(), at, at + n)));
            at += n;
        }
        return out;
    }
}
