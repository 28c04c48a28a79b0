package dev.coherent.cohort;

import java.io.BufferedWriter;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes a wide table that {@link WideTableReader} reads back unchanged.
 *
 * <p>The header comes from the schema and is written at once. An absent modality is written as
 * {@code NA} cells; values use {@link Float#toString(float)}, which round-trips exactly, without a
 * trailing {@code .0}.
 */
public final class WideTableWriter implements AutoCloseable, Flushable {
    private final Writer out;
    private final TableFormat format;
    private final WideSchema schema;
    private final StringBuilder line = new StringBuilder(1024);

    /** Writes UTF-8 text to a stream. */
    public WideTableWriter(OutputStream out, TableFormat format, WideSchema schema) {
        this(new OutputStreamWriter(out, StandardCharsets.UTF_8), format, schema);
    }

    public WideTableWriter(Writer out, TableFormat format, WideSchema schema) {
        this.out = out instanceof BufferedWriter ? out : new BufferedWriter(out, 1 << 16);
        this.format = format;
        this.schema = schema;
        line.append(WideSchema.SAMPLE_COLUMN);
        for (ModalityColumns m : schema.modalities()) {
            for (String c : m.columns()) {
                line.append(format.delimiter());
                appendText(c, "column name");
            }
        }
        emit();
    }

    /** Creates or replaces a file, its format chosen by extension. */
    public static WideTableWriter create(Path file, WideSchema schema) {
        TableFormat format = TableFormat.of(file);
        try {
            return new WideTableWriter(Files.newOutputStream(file), format, schema);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file.getFileName(), e);
        }
    }

    /**
     * Writes one row.
     *
     * @throws IllegalArgumentException when the row names a modality the schema lacks, has a wrong
     *     length or holds a non-finite value (the reader could not tell it from a missing cell)
     */
    public void write(WideRow row) {
        for (Map.Entry<String, float[]> e : row.present().entrySet()) {
            ModalityColumns mc = schema.modality(e.getKey());
            if (mc == null) {
                throw new IllegalArgumentException("modality '" + e.getKey() + "' is not in the schema");
            }
            if (e.getValue().length != mc.dim()) {
                throw new IllegalArgumentException(
                        "modality '" + e.getKey() + "' has " + e.getValue().length + " values, expected " + mc.dim());
            }
        }
        line.setLength(0);
        appendText(row.sample(), "sample id");
        for (ModalityColumns m : schema.modalities()) {
            float[] values = row.present().get(m.modality());
            for (int k = 0; k < m.dim(); k++) {
                line.append(format.delimiter());
                if (values == null) {
                    line.append("NA");
                } else if (!Float.isFinite(values[k])) {
                    throw new IllegalArgumentException("sample '" + row.sample() + "', modality '" + m.modality()
                            + "': non-finite value in column " + m.columns().get(k));
                } else {
                    appendNumber(values[k]);
                }
            }
        }
        emit();
    }

    @Override
    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot flush wide table", e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close wide table", e);
        }
    }

    private void appendNumber(float v) {
        String s = Float.toString(v);
        line.append(s, 0, s.endsWith(".0") ? s.length() - 2 : s.length());
    }

    /** Appends an id or name, quoting it in CSV when it holds a comma or a quote. */
    private void appendText(String text, String what) {
        if (text.indexOf('\n') >= 0
                || text.indexOf('\r') >= 0
                || (format == TableFormat.TSV && text.indexOf('\t') >= 0)) {
            throw new IllegalArgumentException(what + " holds a line break or tab");
        }
        if (format == TableFormat.CSV && (text.indexOf(',') >= 0 || text.indexOf('"') >= 0)) {
            line.append('"').append(text.replace("\"", "\"\"")).append('"');
        } else {
            line.append(text);
        }
    }

    private void emit() {
        line.append('\n');
        try {
            out.append(line);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write wide table", e);
        }
        line.setLength(0);
    }
}
