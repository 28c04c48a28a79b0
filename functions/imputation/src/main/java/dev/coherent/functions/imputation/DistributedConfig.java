package dev.coherent.functions.imputation;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * Large uploads on the Step Functions fan-out ({@code coherent.upload.distributed.*}): above a
 * size, the upload trigger starts the state machine (a Distributed Map over the table's rows, then
 * the assembly) instead of imputing inline. Without a state machine ARN every upload is imputed
 * inline, as before.
 */
@ConfigMapping(prefix = "coherent.upload.distributed")
public interface DistributedConfig {
    /** The state machine of {@code terraform/modules/fan-out}; absent: no fan-out. */
    Optional<String> stateMachineArn();

    /** Step Functions endpoint (a local stand-in); AWS's by default. */
    Optional<String> endpoint();

    /** Tables with at least this many rows go to the fan-out. */
    @WithDefault("20000")
    long thresholdRows();

    /** Tables of at least this size go to the fan-out, whatever their rows (counting them is then skipped). */
    Optional<MemorySize> thresholdBytes();

    /** Rows per batch (the ItemBatcher's MaxItemsPerBatchPath). */
    @WithDefault("256")
    int batchRows();

    /**
     * The ItemBatcher's MaxInputBytesPerBatch in the state machine: a table whose widest row does
     * not fit one batch on its own (raw tables of thousands of features) is imputed inline.
     */
    @WithDefault("196608")
    int batchBytes();

    /** Where the batches write their parts, {@code <prefix><execution>/}, in the output bucket. */
    @WithDefault("parts/")
    String partsPrefix();
}
