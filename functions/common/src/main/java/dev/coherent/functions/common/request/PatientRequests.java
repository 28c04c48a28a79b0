package dev.coherent.functions.common.request;

import dev.coherent.functions.common.problem.CommonProblemType;
import dev.coherent.functions.common.problem.ProblemException;
import java.util.Map;

/**
 * The checks every function makes on a request's patients, with the same details: the patient
 * object and its id, modalities that are null, and the refusal of a patient with nothing observed.
 *
 * <p>Ids: present, not blank, at most {@link #MAX_ID_LENGTH} characters. Ids are echoed in answers
 * and quoted in problem details, so an unbounded one would let a client make the server copy
 * megabytes per patient.
 */
public final class PatientRequests {
    /** Longer ids are refused; sample ids of real cohorts are far shorter. */
    public static final int MAX_ID_LENGTH = 256;

    private PatientRequests() {}

    /**
     * The id of {@code patients[index]}.
     *
     * @param patient the request's patient object, {@code null} when the JSON had {@code null}
     * @throws ProblemException an invalid request when the patient is null or the id is missing,
     *     blank or too long (the detail gives its length, never the id)
     */
    public static String id(int index, Object patient, String id) {
        if (patient == null) {
            throw invalid("patients[" + index + "] is null; expected an object with \"id\" and \"modalities\"");
        }
        if (id == null || id.isBlank()) {
            throw invalid("patients[" + index + "] has no \"id\"");
        }
        if (id.length() > MAX_ID_LENGTH) {
            throw invalid("patients[" + index + "].id has " + id.length() + " characters; at most " + MAX_ID_LENGTH
                    + " are allowed");
        }
        return id;
    }

    /** Refuses a modality given as {@code null}: a missing modality is left out. */
    public static void noNullModality(String id, Map<String, ?> modalities) {
        for (Map.Entry<String, ?> e : modalities.entrySet()) {
            if (e.getValue() == null) {
                throw invalid("patient '" + id + "': modality '" + e.getKey()
                        + "' is null; leave a missing modality out instead");
            }
        }
    }

    /**
     * Why a patient with no observed modality is refused (a request's 422, an upload's error
     * object): answering from nothing is unconditional generation, which the functions do not offer.
     *
     * @param consequence what answering would do, e.g. "imputing it would be unconditional generation"
     */
    public static String nothingObserved(String id, String consequence) {
        return "patient '" + id + "' has no observed modality: " + consequence + ", which this service does not offer";
    }

    /** The 422 problem for a request's patient with no observed modality ({@link #nothingObserved}). */
    public static ProblemException unconditionalRefused(String id, String consequence) {
        return new ProblemException(
                CommonProblemType.UNCONDITIONAL_REFUSED,
                nothingObserved(id, consequence) + "; send at least one modality");
    }

    private static ProblemException invalid(String detail) {
        return new ProblemException(CommonProblemType.INVALID_REQUEST, detail);
    }
}
