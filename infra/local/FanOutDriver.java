import dev.coherent.cohort.TableFormat;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The local stand-in for the fan-out state machine (terraform/modules/fan-out/fan-out.asl.json):
 * reads an uploaded table, cuts it into batches exactly as the Distributed Map does (ItemReader:
 * a row as {column: "cell"} with the header's names, tab- or comma-separated by the key's
 * extension as the trigger's {@code delimiter} chooses; ItemSelector: {"index", "row"}; ItemBatcher:
 * consecutive rows, at most --batch-rows of them and --batch-bytes of JSON per batch, with
 * BatchInput), invokes the imputation function's Lambda handler with each batch through its
 * runtime emulator, then with the assembly event, as the state machine's two Task states do.
 * Prints the timing, and the function process's CPU time when --pid is given (rows per CPU-second
 * = rows per second on one vCPU).
 *
 * <p>Run with the function's runner jar on the class path (for {@code TableFormat}, the cells'
 * one parser): {@code java -cp RUNNER.jar infra/local/FanOutDriver.java --table FILE --bucket B
 * --key K --etag E --output-bucket O --invoke URL [--batch-rows 256] [--batch-bytes 196608] [--pid N]}.
 */
public final class FanOutDriver {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        String table = null, bucket = null, key = null, etag = null, outBucket = null, invoke = null;
        String inputPrefix = "uploads/", outputPrefix = "imputed/", errorPrefix = "errors/";
        int batchRows = 256, batchBytes = 196608;
        long pid = -1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--table" -> table = args[++i];
                case "--bucket" -> bucket = args[++i];
                case "--key" -> key = args[++i];
                case "--etag" -> etag = args[++i];
                case "--output-bucket" -> outBucket = args[++i];
                case "--invoke" -> invoke = args[++i];
                case "--batch-rows" -> batchRows = Integer.parseInt(args[++i]);
                case "--batch-bytes" -> batchBytes = Integer.parseInt(args[++i]);
                case "--pid" -> pid = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (table == null || bucket == null || key == null || etag == null || outBucket == null || invoke == null) {
            System.err.println("usage: FanOutDriver --table FILE --bucket B --key K --etag E --output-bucket O --invoke URL"
                    + " [--batch-rows N] [--batch-bytes N] [--pid N]");
            System.exit(2);
        }
        List<String> lines = Files.readAllLines(Path.of(table), StandardCharsets.UTF_8);
        TableFormat format = TableFormat.of(Path.of(key));
        String[] columns = format.split(lines.get(0));
        String relative = key.substring(inputPrefix.length());
        String name = relative.substring(0, relative.lastIndexOf('.'));
        String file = relative.substring(relative.lastIndexOf('/') + 1);
        String execution = "local-" + Long.toHexString(System.nanoTime());
        StringBuilder cols = new StringBuilder("[");
        for (int c = 0; c < columns.length; c++) {
            cols.append(c > 0 ? "," : "").append(str(columns[c]));
        }
        cols.append(']');
        // The execution input, as DistributedUploads writes it.
        String input = "{\"bucket\":" + str(bucket) + ",\"key\":" + str(key) + ",\"version_id\":null,\"source\":"
                + str("etag:" + etag) + ",\"delimiter\":" + str(format == TableFormat.CSV ? "COMMA" : "TAB")
                + ",\"file\":" + str(file) + ",\"output_bucket\":" + str(outBucket)
                + ",\"table_key\":" + str(outputPrefix + name + ".imputed.tsv") + ",\"report_key\":"
                + str(outputPrefix + name + ".report.json") + ",\"error_key\":" + str(errorPrefix + name + ".error.json")
                + ",\"parts\":" + str("parts/" + execution + "/") + ",\"batch_rows\":" + batchRows + ",\"columns\":" + cols + "}";
        String batchInput = "{\"file\":" + str(file) + ",\"output_bucket\":" + str(outBucket) + ",\"parts\":"
                + str("parts/" + execution + "/") + ",\"columns\":" + cols + "}";

        double cpu0 = cpuSeconds(pid);
        long t0 = System.nanoTime();
        int batches = 0;
        long rows = 0;
        List<String> items = new ArrayList<>();
        int bytes = 0;
        int envelope = ("{\"BatchInput\":" + batchInput + ",\"Items\":[]}").getBytes(StandardCharsets.UTF_8).length;
        for (int r = 1; r < lines.size(); r++) {
            if (lines.get(r).isBlank()) {
                continue;
            }
            String item = item(rows, columns, format.split(lines.get(r)));
            int size = item.getBytes(StandardCharsets.UTF_8).length + 1;
            if (envelope + size > batchBytes) {
                throw new IllegalStateException("row " + rows + " alone is more than " + batchBytes + " bytes as a batch");
            }
            if (!items.isEmpty() && (items.size() == batchRows || envelope + bytes + size > batchBytes)) {
                call(invoke, "{\"BatchInput\":" + batchInput + ",\"Items\":[" + String.join(",", items) + "]}", "\"status\":\"imputed\"");
                batches++;
                items.clear();
                bytes = 0;
            }
            items.add(item);
            bytes += size;
            rows++;
        }
        if (!items.isEmpty()) {
            call(invoke, "{\"BatchInput\":" + batchInput + ",\"Items\":[" + String.join(",", items) + "]}", "\"status\":\"imputed\"");
            batches++;
        }
        long t1 = System.nanoTime();
        double cpu1 = cpuSeconds(pid);
        String answer = call(invoke, "{\"assemble\":" + input + "}", "\"status\":\"imputed\"");
        long t2 = System.nanoTime();
        double map = (t1 - t0) / 1e9;
        double assembly = (t2 - t1) / 1e9;
        System.out.println(answer);
        System.out.printf(Locale.ROOT, "fan-out: %d rows in %d batches (at most %d rows, %d bytes each): map %.1f s (%.1f rows/s),"
                + " assembly %.1f s%n", rows, batches, batchRows, batchBytes, map, rows / map, assembly);
        if (pid > 0) {
            double cpu = cpu1 - cpu0;
            System.out.printf(Locale.ROOT, "function CPU during the map: %.1f s on %d cores: %.1f rows per CPU-second"
                    + " (= rows/s on one vCPU)%n", cpu, Runtime.getRuntime().availableProcessors(), rows / cpu);
        }
    }

    /** One ItemSelector item: {"index": i, "row": {column: "cell", ...}}, cells as the CSV reader's strings. */
    private static String item(long index, String[] columns, String[] cells) {
        StringBuilder b = new StringBuilder("{\"index\":").append(index).append(",\"row\":{");
        for (int c = 0; c < columns.length; c++) {
            b.append(c > 0 ? "," : "").append(str(columns[c])).append(':').append(str(c < cells.length ? cells[c] : ""));
        }
        return b.append("}}").toString();
    }

    private static String call(String url, String event, String expect) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(event)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200 || r.headers().firstValue("X-Amz-Function-Error").isPresent() || !r.body().contains(expect)) {
            System.err.println("the handler failed (HTTP " + r.statusCode() + "): " + r.body());
            System.exit(1);
        }
        return r.body();
    }

    /** User plus system CPU time of a process, from /proc (clock ticks of 1/100 s). */
    private static double cpuSeconds(long pid) throws IOException {
        if (pid <= 0) {
            return 0;
        }
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    }

    private static String str(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (ch < 0x20) {
                        b.append(String.format("\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
