package dev.coherent.imputation;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import dev.coherent.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Iterator;

/**
 * Puts together the outputs of a table imputed in parts (consecutive row ranges, each run through
 * {@link WideTableImputation} on its own, e.g. by the batches of a fan-out): the tables one after
 * the other under one header, and the reports merged into the report of one run. Draws are seeded
 * per patient, target and draw, so the parts hold the numbers of one run over the whole table and
 * the assembled outputs are its bytes.
 */
public final class TableParts {
    private TableParts() {}

    /**
     * Writes the header of the first part, then every part's rows in the order given.
     *
     * @return the number of rows written
     * @throws IllegalArgumentException when a part has another header, or none
     */
    public static long concatenateTables(Iterator<InputStream> parts, OutputStream out) throws IOException {
        byte[] header = null;
        long rows = 0;
        int index = 0;
        while (parts.hasNext()) {
            try (InputStream in = parts.next()) {
                byte[] first = readLine(in);
                if (first == null) {
                    throw new IllegalArgumentException("table part " + index + " is empty: no header");
                }
                if (header == null) {
                    header = first;
                    out.write(header);
                } else if (!java.util.Arrays.equals(header, first)) {
                    throw new IllegalArgumentException("table part " + index + " has another header than the first");
                }
                byte[] line;
                while ((line = readLine(in)) != null) {
                    out.write(line);
                    rows++;
                }
            }
            index++;
        }
        return rows;
    }

    /**
     * Merges the parts' reports (see {@link #concatenateTables} for the order) into one report.
     *
     * @throws IllegalArgumentException when a part is not a table imputation report, or was imputed
     *     with other settings, another model set or another input name than the first
     */
    public static TableImputation.Summary mergeReports(Iterator<InputStream> parts, OutputStream out)
            throws IOException {
        return ImputationReport.merge(parts, out);
    }

    /** One line with its line feed (the last may have none), or {@code null} at the end. */
    /**
     * The model set's sha256 from a report's head, streamed: the merged report of a million rows is
     * gigabytes, and the field comes first. Empty when the report has none.
     */
    public static String modelSetSha256(Path report) throws IOException {
        try (JsonParser p = Json.MAPPER.getFactory().createParser(report.toFile())) {
            p.nextToken();
            String field;
            while ((field = p.nextFieldName()) != null && !field.equals("patients")) {
                p.nextToken();
                if (field.equals("model_set")) {
                    return Json.MAPPER.<JsonNode>readTree(p).path("sha256").asText();
                }
                p.skipChildren();
            }
            return "";
        }
    }

    private static byte[] readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        int b;
        while ((b = in.read()) >= 0) {
            line.write(b);
            if (b == '\n') {
                break;
            }
        }
        return line.size() == 0 ? null : line.toByteArray();
    }
}
