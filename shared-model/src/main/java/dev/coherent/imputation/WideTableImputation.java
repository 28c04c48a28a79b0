package dev.coherent.imputation;

import dev.coherent.cohort.RawWideTableReader;
import dev.coherent.cohort.TableFormat;
import dev.coherent.modelset.InvalidQueryException;
import dev.coherent.modelset.ModelSet;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Imputes a wide table of either layout, told apart by its header: {@code <modality>:<feature>}
 * columns make a raw table, imputed through the model set's encoders ({@link RawTableImputation});
 * any other is a table of codes ({@link TableImputation}). The one entry point of the CLI's
 * {@code impute} and of the upload trigger, so both accept the same files with the same errors.
 */
public final class WideTableImputation {
    /** The longest header read to tell the layouts apart (a raw header of 60,000 genes fits). */
    static final int MAX_HEADER_BYTES = 16 << 20;

    private WideTableImputation() {}

    /**
     * Imputes {@code in} into {@code table} (the input's layout) and writes the report to {@code report}.
     *
     * @param template method, draws, seed, interval and sampler for every chunk (its patients and
     *     targets are ignored: every missing modality is imputed)
     * @param latentCodes whether the report of a raw table also carries the imputed codes (a table of
     *     codes is its own codes)
     * @throws InvalidQueryException when a raw table meets a model set without encoders
     */
    public static TableImputation.Summary run(
            ModelSet set,
            InputStream in,
            String name,
            TableFormat inFormat,
            OutputStream table,
            TableFormat outFormat,
            OutputStream report,
            ImputationRequest template,
            int chunkSize,
            boolean latentCodes,
            RowCheck rowCheck) {
        BufferedInputStream buffered = new BufferedInputStream(in);
        boolean raw = RawWideTableReader.isRawHeader(peekHeader(buffered, name), inFormat);
        if (!raw) {
            return new TableImputation(set, rowCheck)
                    .run(buffered, name, inFormat, table, outFormat, report, template, chunkSize);
        }
        if (!set.hasEncoders()) {
            throw new InvalidQueryException(name + " has <modality>:<feature> columns (raw features) but model set "
                    + set.version() + " has no encoders; give it <modality>_<k> latent columns, or train on a raw "
                    + "cohort");
        }
        return new RawTableImputation(set, rowCheck)
                .run(
                        buffered,
                        name,
                        inFormat,
                        table,
                        outFormat,
                        report,
                        new RawImputationRequest(
                                List.of(),
                                List.of(),
                                template.method(),
                                template.draws(),
                                template.seed(),
                                template.interval(),
                                template.sampler(),
                                false,
                                latentCodes),
                        chunkSize);
    }

    /** The first non-empty line, read ahead and given back to the stream. */
    private static String peekHeader(BufferedInputStream in, String name) {
        try {
            in.mark(MAX_HEADER_BYTES);
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            int read = 0;
            while ((b = in.read()) >= 0 && ++read < MAX_HEADER_BYTES) {
                if (b == '\n' || b == '\r') {
                    if (line.size() > 0) {
                        break;
                    }
                } else {
                    line.write(b);
                }
            }
            in.reset();
            return line.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }
}
