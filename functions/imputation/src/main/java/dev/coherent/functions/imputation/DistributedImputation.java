package dev.coherent.functions.imputation;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coherent.cohort.TableFormat;
import dev.coherent.functions.common.config.FunctionConfig;
import dev.coherent.functions.common.upload.InvalidUploadException;
import dev.coherent.functions.common.upload.S3Storage;
import dev.coherent.functions.common.upload.TableUploadProcessor;
import dev.coherent.functions.common.upload.UploadResponse;
import dev.coherent.functions.common.upload.UploadService;
import dev.coherent.imputation.TableParts;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The two steps of the fan-out of a large upload (state machine in {@code terraform/modules/fan-out}):
 *
 * <ul>
 *   <li>a batch, exactly as the Distributed Map's ItemBatcher sends it: {@code {"BatchInput":
 *       {...}, "Items": [{"index": i, "row": {column: "cell", ...}}, ...]}} (the ItemReader reads the
 *       table's rows as CSV items with string cells; the ItemSelector adds each row's index). The
 *       rows become a table again and go through {@link UploadedTables#imputeTable}, the inline
 *       path's code; the batch writes its part of the table and report to
 *       {@code <parts>/<first row, 12 digits>-<rows, 6 digits>.tsv|.report.json} and returns a small
 *       summary (Step Functions payloads are at most 256 KiB);</li>
 *   <li>the assembly, {@code {"assemble": <the execution input>}}: the parts, in row order, become
 *       {@code <name>.imputed.tsv} and {@code <name>.report.json} ({@link TableParts}), with the
 *       inline path's keys and metadata, so a redelivered upload is {@code already-imputed} either way.</li>
 * </ul>
 *
 * <p>Draws are seeded per (seed, patient id, target, draw), so the outputs are the bytes one inline
 * run writes (checked by {@code DistributedImputationTest}). A poison row fails its batch's part
 * with an error part; the assembly turns the first into the upload's error object.
 */
@ApplicationScoped
public class DistributedImputation {
    private static final Logger LOG = Logger.getLogger(DistributedImputation.class);
    static final String TABLE = ".tsv";
    static final String REPORT = TableUploadProcessor.REPORT_SUFFIX;
    static final String ERROR = UploadService.ERROR_SUFFIX;
    private static final Pattern PART = Pattern.compile("(\\d{12})-(\\d{6})(\\.tsv|\\.report\\.json|\\.error\\.json)$");

    private final UploadedTables imputation;
    private final FunctionConfig common;
    private final S3Storage storage;
    private final ObjectMapper json;
    private final PartFetcher fetcher;

    public DistributedImputation(
            UploadedTables imputation,
            FunctionConfig common,
            S3Storage storage,
            ObjectMapper json,
            PartFetcher fetcher) {
        this.imputation = imputation;
        this.common = common;
        this.storage = storage;
        this.json = json;
        this.fetcher = fetcher;
    }

    /** Whether an event is a Distributed Map batch. */
    public static boolean isBatch(JsonNode event) {
        return event != null
                && event.path("Items").isArray()
                && event.path("BatchInput").isObject();
    }

    /** Whether an event is the fan-out's assembly step. */
    public static boolean isAssembly(JsonNode event) {
        return event != null && event.path("assemble").isObject();
    }

    /** What a batch returns to the state machine (kept small: the rows are in S3). */
    public record BatchResult(
            String status,
            @JsonProperty("first_row") long firstRow,
            int rows,
            String part,
            @JsonProperty("imputed_modalities") int imputedModalities,
            @JsonProperty("diverged_draws") int divergedDraws) {}

    /** Imputes one batch of rows into its part. */
    public BatchResult batch(JsonNode event) {
        JsonNode in = event.get("BatchInput");
        String file = required(in, "file");
        String bucket = required(in, "output_bucket");
        String parts = required(in, "parts");
        List<String> columns = new ArrayList<>();
        in.path("columns").forEach(c -> columns.add(c.asText()));
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("BatchInput.columns: the table's header is missing");
        }
        JsonNode items = event.get("Items");
        if (items.isEmpty()) {
            throw new IllegalArgumentException("Items: an empty batch");
        }
        long first = items.get(0).path("index").asLong(-1);
        StringBuilder table = new StringBuilder(String.join("\t", columns)).append('\n');
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            // The ItemBatcher keeps the reader's order: a batch is a run of consecutive rows.
            if (item.path("index").asLong(-1) != first + i || !item.path("row").isObject()) {
                throw new IllegalArgumentException("Items[" + i + "]: expected {\"index\": " + (first + i)
                        + ", \"row\": {...}} (the state machine's ItemSelector)");
            }
            JsonNode row = item.get("row");
            for (int c = 0; c < columns.size(); c++) {
                if (c > 0) {
                    table.append('\t');
                }
                table.append(row.path(columns.get(c)).asText(""));
            }
            table.append('\n');
        }
        String name = parts + String.format(Locale.ROOT, "%012d-%06d", first, items.size());
        byte[] tsv = table.toString().getBytes(StandardCharsets.UTF_8);
        Path dir = Path.of(common.upload().workDir());
        Path tableFile = null;
        Path reportFile = null;
        try {
            Files.createDirectories(dir);
            tableFile = Files.createTempFile(dir, "part-", TABLE);
            reportFile = Files.createTempFile(dir, "part-", REPORT);
            UploadedTables.TableSummary s;
            try (OutputStream t = Files.newOutputStream(tableFile);
                    OutputStream r = Files.newOutputStream(reportFile)) {
                // Rebuilt tab-separated whatever the upload's delimiter: the reader has unquoted the cells.
                s = imputation.imputeTable(new ByteArrayInputStream(tsv), file, TableFormat.TSV, t, r);
            } catch (InvalidUploadException e) {
                // The detail may quote cells: it goes to the error part, never to the log.
                Map<String, Object> problem = Map.of(
                        "type",
                        e.problem().type(),
                        "title",
                        e.problem().title(),
                        "status",
                        e.problem().status(),
                        "detail",
                        globalLines(e.getMessage(), file, first));
                storage.put(bucket, name + ERROR, json.writeValueAsBytes(problem), "application/json", Map.of());
                LOG.warnf(
                        "rows %d-%d of %s cannot be imputed; the reason is in s3://%s/%s",
                        first, first + items.size() - 1, file, bucket, name + ERROR);
                return new BatchResult(UploadResponse.FAILED, first, items.size(), name + ERROR, 0, 0);
            }
            storage.put(bucket, name + TABLE, tableFile, "text/tab-separated-values", Map.of());
            storage.put(bucket, name + REPORT, reportFile, "application/json", Map.of());
            return new BatchResult(
                    ImputationUploadProcessor.IMPUTED,
                    first,
                    items.size(),
                    name,
                    s.imputedModalities(),
                    s.divergedDraws());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage a part under " + dir, e);
        } finally {
            UploadService.deleteQuietly(tableFile);
            UploadService.deleteQuietly(reportFile);
        }
    }

    /**
     * The batch's line numbers in a problem detail ({@code file:3: ...}) as the table's: the batch's
     * line 2 is its first row, which is line {@code first + 2} of the uploaded table.
     */
    static String globalLines(String detail, String file, long first) {
        Matcher m = Pattern.compile(Pattern.quote(file) + ":(\\d+)").matcher(detail);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            long line = Long.parseLong(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(file + ":" + (line >= 2 ? line + first : line)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Puts the parts together into the upload's outputs, or its error object. */
    public UploadResponse assemble(JsonNode event) {
        JsonNode a = event.get("assemble");
        String bucket = required(a, "bucket");
        String key = required(a, "key");
        String marker = required(a, "source");
        String outBucket = required(a, "output_bucket");
        String tableKey = required(a, "table_key");
        String reportKey = required(a, "report_key");
        String errorKey = required(a, "error_key");
        String parts = required(a, "parts");
        String versionId =
                a.path("version_id").isTextual() ? a.get("version_id").asText() : null;
        if (marker.equals(storage.sourceOf(outBucket, reportKey))) {
            return one(
                    bucket,
                    key,
                    ImputationUploadProcessor.ALREADY_IMPUTED,
                    List.of(tableKey, reportKey),
                    "this version was already imputed");
        }
        List<String> tables = new ArrayList<>();
        List<String> reports = new ArrayList<>();
        String error = null;
        long next = 0;
        for (String k : storage.list(outBucket, parts)) {
            Matcher m = PART.matcher(k);
            if (!m.find()) {
                continue;
            }
            switch (m.group(3)) {
                case TABLE -> {
                    // Listed in key order, which is row order: each part starts where the last ended.
                    if (Long.parseLong(m.group(1)) != next) {
                        throw new IllegalStateException("part " + k + " does not start at row " + next
                                + ": a batch's part is missing under s3://" + outBucket + "/" + parts);
                    }
                    next += Long.parseLong(m.group(2));
                    tables.add(k);
                    reports.add(k.substring(0, k.length() - TABLE.length()) + REPORT);
                }
                case ERROR -> error = error == null ? k : error;
                default -> {}
            }
        }
        S3Storage.ObjectInfo source =
                storage.head(bucket, key, versionId).orElse(new S3Storage.ObjectInfo(versionId, null, -1, Map.of()));
        if (error != null) {
            try (InputStream in = storage.open(outBucket, error, null)) {
                JsonNode problem = json.readTree(in);
                storage.put(
                        outBucket,
                        errorKey,
                        UploadService.errorObject(
                                json,
                                ImputationProblemType.INVALID_UPLOAD,
                                problem.path("detail").asText(),
                                bucket,
                                key,
                                source),
                        dev.coherent.functions.common.problem.ProblemType.MEDIA_TYPE,
                        Map.of(UploadService.SOURCE_METADATA, marker));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + error, e);
            }
            deleteParts(outBucket, parts);
            LOG.warnf(
                    "upload s3://%s/%s cannot be imputed; the reason is in s3://%s/%s",
                    bucket, key, outBucket, errorKey);
            return one(bucket, key, UploadResponse.FAILED, List.of(errorKey), "a batch refused the file");
        }
        if (tables.isEmpty()) {
            throw new IllegalStateException("no parts under s3://" + outBucket + "/" + parts);
        }
        Path dir = Path.of(common.upload().workDir());
        Path tableFile = null;
        Path reportFile = null;
        try {
            Files.createDirectories(dir);
            tableFile = Files.createTempFile(dir, "assembled-", TABLE);
            reportFile = Files.createTempFile(dir, "assembled-", REPORT);
            long rows;
            try (OutputStream t = Files.newOutputStream(tableFile)) {
                rows = TableParts.concatenateTables(fetcher.fetch(outBucket, tables), t);
            }
            try (OutputStream r = Files.newOutputStream(reportFile)) {
                TableParts.mergeReports(fetcher.fetch(outBucket, reports), r);
            }
            String sha = TableParts.modelSetSha256(reportFile);
            Map<String, String> metadata =
                    Map.of(UploadService.SOURCE_METADATA, marker, UploadService.MODEL_SET_METADATA, sha);
            // As UploadService: the report last, its presence marks the version as done.
            storage.put(outBucket, tableKey, tableFile, "text/tab-separated-values", metadata);
            storage.put(outBucket, reportKey, reportFile, "application/json", metadata);
            if (storage.head(outBucket, errorKey, null).isPresent()) {
                storage.delete(outBucket, errorKey);
            }
            deleteParts(outBucket, parts);
            String detail = String.format(Locale.ROOT, "imputed %d rows in %d batches", rows, tables.size());
            LOG.infof("%s from s3://%s/%s into s3://%s/%s", detail, bucket, key, outBucket, tableKey);
            return one(bucket, key, ImputationUploadProcessor.IMPUTED, List.of(tableKey, reportKey), detail);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot assemble the parts under s3://" + outBucket + "/" + parts, e);
        } finally {
            UploadService.deleteQuietly(tableFile);
            UploadService.deleteQuietly(reportFile);
        }
    }

    private void deleteParts(String bucket, String parts) {
        for (String k : storage.list(bucket, parts)) {
            storage.delete(bucket, k);
        }
    }

    private static UploadResponse one(String bucket, String key, String status, List<String> outputs, String detail) {
        return new UploadResponse(List.of(new UploadResponse.Outcome(bucket, key, status, outputs, detail)), List.of());
    }

    private static String required(JsonNode node, String field) {
        JsonNode v = node.path(field);
        if (!v.isTextual() || v.asText().isEmpty()) {
            throw new IllegalArgumentException("the fan-out event has no \"" + field + "\"");
        }
        return v.asText();
    }
}
