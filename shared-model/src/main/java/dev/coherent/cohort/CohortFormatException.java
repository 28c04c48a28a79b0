package dev.coherent.cohort;

import dev.coherent.CoherentException;

/** A cohort or table file that cannot be read; the message names the file, the line and the problem. */
public class CohortFormatException extends CoherentException {
    private static final long serialVersionUID = 1L;

    public CohortFormatException(String message) {
        super(message);
    }

    public CohortFormatException(String message, Throwable cause) {
        super(message, cause);
    }

    public CohortFormatException(Throwable cause) {
        super(cause);
    }

    /** Formats {@code file:line: problem}, the form every reader uses. */
    public static CohortFormatException at(String file, int line, String problem) {
        return new CohortFormatException(file + ":" + line + ": " + problem);
    }
}
