package dev.coherent.functions.common.upload;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * The function's step of the upload trigger: what it accepts, what it writes, and the work itself.
 * A function that handles uploads supplies one bean of this type; {@link UploadService} does the
 * rest (event parsing, filtering, idempotency, staging, S3 writes, error objects).
 *
 * <p>{@link #process} reads the uploaded object and writes each of {@link #outputs()} to the
 * stream of the same index. A file that can never be processed throws an
 * {@link InvalidUploadException} (it gets an error object, and the event is not retried); any
 * other exception escapes, so that Lambda retries the event (bounded) and the dead-letter queue
 * takes over.
 */
public interface UploadProcessor {

    /**
     * The past participle naming the work, e.g. {@code imputed}: the outcome label of a processed
     * object; a redelivered event gets {@code already-imputed}.
     */
    String doneLabel();

    /** What an accepted upload is, for the reason an object is ignored: {@code table}. */
    String inputKind();

    /** Accepted file name extensions, lower case with the dot: {@code .tsv}. */
    List<String> extensions();

    /**
     * What one upload produces, in write order, at least one. The last output is written last:
     * its presence with the source's version marks the version as done.
     */
    List<Output> outputs();

    /** What the upload named {@code fileName} produces, when that depends on it (its format). */
    default List<Output> outputs(String fileName) {
        return outputs();
    }

    /**
     * Processes one upload.
     *
     * @param in the object's content; the caller closes it
     * @param fileName the object's file name (the key's last segment)
     * @param outputs one stream per {@link #outputs(String)} entry, in order; the caller closes them
     * @throws InvalidUploadException when the file can never be processed
     */
    Result process(InputStream in, String fileName, List<OutputStream> outputs);

    /**
     * One output: written to {@code <output-prefix><name><suffix>} for an upload
     * {@code <input-prefix><name>.<ext>}.
     *
     * @param suffix e.g. {@code .imputed.tsv}
     * @param contentType e.g. {@code text/tab-separated-values}
     */
    record Output(String suffix, String contentType) {}

    /**
     * What processing did.
     *
     * @param detail a sentence for people, e.g. {@code imputed 3 modalities of 4 patients}
     * @param metadata extra S3 user metadata on every output, e.g. {@link UploadService#MODEL_SET_METADATA}
     */
    record Result(String detail, Map<String, String> metadata) {}
}
