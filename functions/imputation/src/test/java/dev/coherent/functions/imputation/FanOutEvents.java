package dev.coherent.functions.imputation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coherent.cohort.TableFormat;
import java.util.ArrayList;
import java.util.List;

/**
 * The events the fan-out's state machine sends, built from a table as Step Functions builds them:
 * the ItemReader's CSV items (a row as {column: "cell"}), the ItemSelector's {"index", "row"}, the
 * ItemBatcher's {"BatchInput", "Items"} of consecutive rows, and the assembly's {"assemble": input}.
 */
final class FanOutEvents {
    static final ObjectMapper JSON = new ObjectMapper();

    private FanOutEvents() {}

    /** The execution input {@link DistributedUploads} writes, for a table stored at {@code bucket}/{@code key}. */
    static ObjectNode input(String bucket, String key, String marker, String name, String parts, List<String> columns) {
        ObjectNode in = JSON.createObjectNode();
        in.put("bucket", bucket);
        in.put("key", key);
        in.putNull("version_id");
        in.put("source", marker);
        in.put("delimiter", key.endsWith(".csv") ? "COMMA" : "TAB");
        in.put("file", key.substring(key.lastIndexOf('/') + 1));
        in.put("output_bucket", bucket);
        in.put("table_key", "imputed/" + name + ".imputed.tsv");
        in.put("report_key", "imputed/" + name + ".report.json");
        in.put("error_key", "errors/" + name + ".error.json");
        in.put("parts", parts);
        in.put("batch_rows", 3);
        columns.forEach(in.putArray("columns")::add);
        return in;
    }

    /** The batches of {@code table} (a TSV with a header) at {@code batchRows} rows each. */
    static List<String> batches(ObjectNode input, String table, int batchRows) {
        return batches(input, table, TableFormat.TSV, batchRows);
    }

    /** The batches of {@code table} (with a header, in {@code format}) at {@code batchRows} rows each. */
    static List<String> batches(ObjectNode input, String table, TableFormat format, int batchRows) {
        String[] lines = table.split("\n");
        String[] columns = format.split(lines[0]);
        List<String> events = new ArrayList<>();
        for (int start = 1; start < lines.length; start += batchRows) {
            ObjectNode event = JSON.createObjectNode();
            ObjectNode batchInput = event.putObject("BatchInput");
            for (String f : List.of("file", "output_bucket", "parts")) {
                batchInput.set(f, input.get(f));
            }
            batchInput.set("columns", input.get("columns"));
            ArrayNode items = event.putArray("Items");
            for (int r = start; r < Math.min(lines.length, start + batchRows); r++) {
                String[] cells = format.split(lines[r]);
                ObjectNode item = items.addObject();
                item.put("index", r - 1);
                ObjectNode row = item.putObject("row");
                for (int c = 0; c < columns.length; c++) {
                    row.put(columns[c], cells[c]);
                }
            }
            events.add(event.toString());
        }
        return events;
    }

    static String assembly(ObjectNode input) {
        ObjectNode event = JSON.createObjectNode();
        event.set("assemble", input);
        return event.toString();
    }
}
