package dev.coherent.functions.common.request;

import dev.coherent.functions.common.problem.CommonProblemType;
import dev.coherent.functions.common.problem.ProblemException;

/**
 * The rules for a patient id in a request: present, not blank, and at most {@link #MAX_LENGTH}
 * characters. Ids are echoed in answers and quoted in problem details, so an unbounded one would
 * let a client make the server copy megabytes per patient.
 */
public final class PatientIds {
    /** Longer ids are refused; sample ids of real cohorts are far shorter. */
    public static final int MAX_LENGTH = 256;

    private PatientIds() {}

    /**
     * The id of {@code patients[index]}.
     *
     * @throws ProblemException an invalid request when the id is missing, blank or too long (the
     *     detail gives its length, never the id)
     */
    public static String check(int index, String id) {
        if (id == null || id.isBlank()) {
            throw new ProblemException(CommonProblemType.INVALID_REQUEST, "patients[" + index + "] has no \"id\"");
        }
        if (id.length() > MAX_LENGTH) {
            throw new ProblemException(
                    CommonProblemType.INVALID_REQUEST,
                    "patients[" + index + "].id has " + id.length() + " characters; at most " + MAX_LENGTH
                            + " are allowed");
        }
        return id;
    }
}
