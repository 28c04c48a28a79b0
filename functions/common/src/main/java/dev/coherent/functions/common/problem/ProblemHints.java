package dev.coherent.functions.common.problem;

/**
 * The function's words in two generic problem details. The defaults speak of patients, as the
 * imputation and prioritization requests do; a function whose requests are something else supplies
 * one bean of this type (the privacy audit does).
 */
public interface ProblemHints {

    /** What to send instead of an empty body: ends "the request body is empty; send …". */
    default String expectedBody() {
        return "a JSON object with a \"patients\" array";
    }

    /** What to do about a body over the size limit: ends "…; the limit is N bytes: …". */
    default String smallerBody() {
        return "send fewer patients per request";
    }
}
