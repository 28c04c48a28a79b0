package dev.coherent.functions.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Answer of {@code POST /v1/audits} (202) and {@code GET /v1/audits/{id}}: where the audit is, and
 * once it has succeeded the verdict, the store URIs of its reports and the report itself (the same
 * JSON as {@code report.json}). Absent fields are left out.
 *
 * @param status {@code queued}, {@code running}, {@code succeeded} or {@code failed}
 * @param detail what happened: why it failed, or the verdict's reasons
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditStatus(
        String id,
        String status,
        String detail,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("started_at") String startedAt,
        @JsonProperty("finished_at") String finishedAt,
        @JsonProperty("model_set") ModelSetRef modelSet,
        Settings settings,
        String verdict,
        Report report,

        @Schema(description = "The audit report, as in report.json, once the audit has succeeded.")
        JsonNode result,

        Map<String, String> links) {

    public static final String QUEUED = "queued";
    public static final String RUNNING = "running";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";

    /** Identifies the audited model set: its version and the sha256 of its manifest. */
    public record ModelSetRef(String version, String sha256) {}

    /** The settings the audit runs with, defaults filled in. */
    public record Settings(
            List<String> methods, int samples, int k, long seed, String sampler, int steps, double eta) {}

    /** Object-store URIs of the written reports. */
    public record Report(String json, String html) {}
}
