package dev.coherent.functions.common;

/**
 * The function's words in two generic problem details; a function may supply one bean of this
 * type (the defaults apply without one).
 */
public interface ProblemHints {

    /** What to send instead of an empty body: ends "the request body is empty; send …". */
    default String expectedBody() {
        return "a JSON object";
    }

    /** What to do about a body over the size limit: ends "…; the limit is N bytes: …". */
    default String smallerBody() {
        return "send a smaller request";
    }
}
