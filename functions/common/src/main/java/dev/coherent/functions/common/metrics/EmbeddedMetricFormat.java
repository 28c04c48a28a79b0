package dev.coherent.functions.common.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One CloudWatch Embedded Metric Format log line: a JSON object whose {@code _aws} member tells
 * CloudWatch Logs which of its other members are metrics (with their unit), in which namespace and
 * by which dimensions, so that a log line becomes metrics without an API call
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html).
 */
public final class EmbeddedMetricFormat {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EmbeddedMetricFormat() {}

    /**
     * The line of one event.
     *
     * @param dimensions dimension names and values (every metric is published by all of them together)
     * @param counts metric names and values, all with unit {@code Count}
     * @param properties further members for searching the logs, not metrics
     */
    public static String line(
            String namespace,
            long timestampMillis,
            Map<String, String> dimensions,
            Map<String, ? extends Number> counts,
            Map<String, String> properties) {
        List<Map<String, String>> metrics = new ArrayList<>();
        counts.keySet().forEach(name -> metrics.add(Map.of("Name", name, "Unit", "Count")));
        Map<String, Object> directive = new LinkedHashMap<>();
        directive.put("Namespace", namespace);
        directive.put("Dimensions", List.of(List.copyOf(dimensions.keySet())));
        directive.put("Metrics", metrics);
        Map<String, Object> aws = new LinkedHashMap<>();
        aws.put("Timestamp", timestampMillis);
        aws.put("CloudWatchMetrics", List.of(directive));
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("_aws", aws);
        root.putAll(dimensions);
        root.putAll(properties);
        root.putAll(counts);
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an embedded metric line", e);
        }
    }
}
