package dev.coherent.functions.imputation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coherent.cohort.TableFormat;
import dev.coherent.functions.common.config.FunctionConfig;
import dev.coherent.functions.common.upload.S3Storage;
import dev.coherent.functions.common.upload.TableUploadProcessor;
import dev.coherent.functions.common.upload.UploadResponse;
import dev.coherent.functions.common.upload.UploadService;
import dev.coherent.functions.common.upload.UploadedObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Routes large uploads to the fan-out: an upload the inline path would impute, with at least
 * {@code threshold-rows} rows (or {@code threshold-bytes}), starts the state machine instead
 * (outcome {@code distributed}; the outputs appear under the same keys when it succeeds). The
 * execution input's {@code delimiter} (TAB or COMMA) picks the state machine's reader. Without
 * {@code coherent.upload.distributed.state-machine-arn}, or for a table the map cannot carry (a row
 * wider than one batch), it answers nothing and the inline path runs.
 *
 * <p>One execution per upload version: its name is a hash of bucket, key and version, so a
 * redelivered event finds it ({@code already-distributed}) instead of starting another.
 */
@ApplicationScoped
public class DistributedUploads {
    private static final Logger LOG = Logger.getLogger(DistributedUploads.class);
    /** Outcome of an upload handed to the fan-out. */
    public static final String DISTRIBUTED = "distributed";
    /** Rows read to measure the widest row when the size alone routed the table. */
    private static final int WIDTH_SAMPLE = 1000;
    /** Bytes of an item besides its cells: {"index":N,"row":{...}} and the batch's share of BatchInput. */
    private static final int ITEM_OVERHEAD = 64;

    private final DistributedConfig config;
    private final FunctionConfig common;
    private final UploadService uploads;
    private final S3Storage storage;
    private final StateMachineStarter starter;
    private final ObjectMapper json;

    public DistributedUploads(
            DistributedConfig config,
            FunctionConfig common,
            UploadService uploads,
            S3Storage storage,
            StateMachineStarter starter,
            ObjectMapper json) {
        this.config = config;
        this.common = common;
        this.uploads = uploads;
        this.storage = storage;
        this.starter = starter;
        this.json = json;
    }

    /** The outcome of handing {@code o} to the fan-out, or empty when the inline path takes it. */
    public Optional<UploadResponse.Outcome> route(UploadedObject o) {
        if (config.stateMachineArn().isEmpty() || uploads.ignoreReason(o.key()) != null) {
            return Optional.empty();
        }
        String key = o.key();
        if (!TableFormat.isTable(key)) {
            return Optional.empty();
        }
        TableFormat format = TableFormat.of(Path.of(key));
        Optional<S3Storage.ObjectInfo> found = storage.head(o.bucket(), key, o.versionId());
        if (found.isEmpty() || o.supersededBy(found.get())) {
            return Optional.empty();
        }
        S3Storage.ObjectInfo source = found.get();
        FunctionConfig.Upload u = common.upload();
        String outBucket = u.outputBucket().orElse(o.bucket());
        String relative = key.substring(u.inputPrefix().length());
        String name = relative.substring(0, relative.lastIndexOf('.'));
        String reportKey = u.outputPrefix() + name + TableUploadProcessor.REPORT_SUFFIX;
        String marker = source.versionMarker();
        if (marker.equals(storage.sourceOf(outBucket, reportKey))) {
            return Optional.empty(); // already imputed: the inline path answers that
        }
        boolean bySize = config.thresholdBytes()
                .map(t -> source.size() >= t.asLongValue())
                .orElse(false);
        Scan scan = scan(o.bucket(), key, source.versionId(), format, bySize ? WIDTH_SAMPLE : config.thresholdRows());
        if (scan == null || !bySize && scan.rows() < config.thresholdRows()) {
            return Optional.empty();
        }
        long itemBytes = scan.widestItem();
        if (itemBytes > config.batchBytes()) {
            LOG.infof(
                    "s3://%s/%s is imputed inline: a row takes about %d bytes as a map item, more than a batch's"
                            + " %d (coherent.upload.distributed.batch-bytes)",
                    o.bucket(), key, itemBytes, config.batchBytes());
            return Optional.empty();
        }
        String execution = executionName(o.bucket(), key, marker);
        ObjectNode input = json.createObjectNode();
        input.put("bucket", o.bucket());
        input.put("key", key);
        input.put("version_id", source.versionId());
        input.put("delimiter", format == TableFormat.CSV ? "COMMA" : "TAB");
        input.put("source", marker);
        input.put("file", relative.substring(relative.lastIndexOf('/') + 1));
        input.put("output_bucket", outBucket);
        input.put("table_key", u.outputPrefix() + name + ImputationUploadProcessor.TABLE_SUFFIX);
        input.put("report_key", reportKey);
        input.put("error_key", u.errorPrefix() + name + UploadService.ERROR_SUFFIX);
        input.put("parts", config.partsPrefix() + execution + "/");
        input.put("batch_rows", config.batchRows());
        scan.columns().forEach(input.putArray("columns")::add);
        List<String> outputs = List.of(input.get("table_key").asText(), reportKey);
        String size = bySize ? source.size() + " bytes" : "at least " + scan.rows() + " rows";
        try {
            String arn = starter.start(config.stateMachineArn().get(), execution, input.toString());
            LOG.infof("s3://%s/%s (%s) handed to the fan-out: execution %s", o.bucket(), key, size, arn);
            return Optional.of(new UploadResponse.Outcome(
                    o.bucket(),
                    key,
                    DISTRIBUTED,
                    outputs,
                    size + ": imputed by the fan-out, execution " + arn + "; the outputs appear when it succeeds"));
        } catch (StateMachineStarter.AlreadyStarted e) {
            return Optional.of(new UploadResponse.Outcome(
                    o.bucket(),
                    key,
                    UploadResponse.ALREADY + DISTRIBUTED,
                    outputs,
                    "this version was already handed to the fan-out (execution " + execution + ")"));
        }
    }

    /** The header, the rows read (up to {@code limit}) and the widest of them as a map item. */
    private record Scan(List<String> columns, long rows, long widestItem) {}

    /** The scan, or null for a header the inline path will report (a CSV quote left open). */
    private Scan scan(String bucket, String key, String versionId, TableFormat format, long limit) {
        try (InputStream in = storage.open(bucket, key, versionId);
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String header = r.readLine();
            if (header == null) {
                return new Scan(List.of(), 0, 0);
            }
            // As the ItemReader names a row's cells: the header's cells, untrimmed.
            List<String> columns;
            try {
                columns = List.of(format.split(header));
            } catch (IllegalArgumentException e) {
                return null;
            }
            // A cell becomes "<column>":"<cell>", in the item: the names and 6 characters of JSON per cell.
            long names = 0;
            for (String c : columns) {
                names += c.length() + 6;
            }
            long rows = 0;
            long widest = 0;
            String line;
            while (rows < limit && (line = r.readLine()) != null) {
                if (!line.isBlank()) {
                    rows++;
                    widest = Math.max(widest, line.length());
                }
            }
            return new Scan(columns, rows, names + widest + ITEM_OVERHEAD);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read s3://" + bucket + "/" + key, e);
        }
    }

    /** A Step Functions execution name (at most 80 of [0-9A-Za-z_-]) unique to one upload version. */
    static String executionName(String bucket, String key, String marker) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest((bucket + "\n" + key + "\n" + marker).getBytes(StandardCharsets.UTF_8));
            return "impute-" + HexFormat.of().formatHex(h, 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
