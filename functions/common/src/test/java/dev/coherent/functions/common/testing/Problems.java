package dev.coherent.functions.common.testing;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import dev.coherent.functions.common.problem.ProblemType;
import io.restassured.response.ValidatableResponse;

/** Assertions on problem+json answers, shared by the functions' tests. */
public final class Problems {
    private Problems() {}

    /** Checks status, content type, the problem fields, and that no Java internals leak. */
    public static ValidatableResponse assertProblem(ValidatableResponse r, int status, String type, String detailPart) {
        return r.log()
                .ifValidationFails()
                .statusCode(status)
                .contentType(ProblemType.MEDIA_TYPE)
                .body("type", equalTo("/problems/" + type))
                .body("title", notNullValue())
                .body("status", equalTo(status))
                .body("detail", containsString(detailPart))
                .body("instance", notNullValue())
                .body(not(containsString("Exception")))
                .body(not(containsString("java.")))
                .body(not(containsString("\tat ")));
    }
}
