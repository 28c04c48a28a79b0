package dev.coherent.functions.common.upload;

import dev.coherent.functions.common.problem.ProblemException;
import dev.coherent.functions.common.problem.ProblemType;

/**
 * An uploaded file that can never be processed (bad format, bad content, refused by a gate of the
 * function): {@link UploadService} writes it as an error object instead of letting Lambda retry.
 * The problem type is the function's (a 4xx status, e.g. 422 {@code /problems/invalid-upload}); the
 * message is the detail and may quote the file, so it is never logged.
 */
public class InvalidUploadException extends ProblemException {
    private static final long serialVersionUID = 1L;

    public InvalidUploadException(ProblemType problem, String detail) {
        super(problem, detail);
    }

    public InvalidUploadException(ProblemType problem, String detail, Throwable cause) {
        super(problem, detail, cause);
    }
}
