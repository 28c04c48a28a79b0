package dev.coherent.store;

/**
 * Where the parts of a model set trained across machines wait for {@code coherent assemble},
 * relative to the staging root; the only place that decides it.
 *
 * <pre>
 * shard-&lt;i&gt;-of-&lt;n&gt;/shard.json                 the shard's descriptor, written last (its presence means done)
 * shard-&lt;i&gt;-of-&lt;n&gt;/models/&lt;name&gt;/...         one SavedModel per denoiser of the shard, as in a model set
 * </pre>
 */
public final class StagingLayout {
    public static final String SHARD_DESCRIPTOR = "shard.json";
    private static final String PREFIX = "shard-";

    private StagingLayout() {}

    /** Folder key of the {@code index}-th of {@code count} shards, e.g. {@code shard-1-of-2}. */
    public static String shardDir(int index, int count) {
        return PREFIX + index + "-of-" + count;
    }

    /** Key of a shard's descriptor. */
    public static String descriptor(int index, int count) {
        return shardDir(index, count) + "/" + SHARD_DESCRIPTOR;
    }

    /** Whether a key is some shard's descriptor. */
    public static boolean isDescriptor(String key) {
        return key.startsWith(PREFIX)
                && key.endsWith("/" + SHARD_DESCRIPTOR)
                && key.indexOf('/') == key.lastIndexOf('/');
    }
}
