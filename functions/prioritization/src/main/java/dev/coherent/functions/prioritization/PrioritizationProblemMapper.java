package dev.coherent.functions.prioritization;

import dev.coherent.functions.common.CommonProblemMapper;
import dev.coherent.functions.common.CommonProblemType;
import dev.coherent.functions.common.ProblemHints;
import dev.coherent.functions.common.ProblemResponses;
import dev.coherent.modelset.InvalidQueryException;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The prioritization function's part of the problem+json answers: the engine's refusal of a query
 * (unknown label, score or method, a candidate it cannot generate…) is an invalid request, and the
 * generic details ({@link CommonProblemMapper}) speak of patients.
 */
@Singleton
public class PrioritizationProblemMapper implements ProblemHints {
    private final ProblemResponses problems;

    public PrioritizationProblemMapper(ProblemResponses problems) {
        this.problems = problems;
    }

    @ServerExceptionMapper
    public Response invalidQuery(InvalidQueryException e, UriInfo uri) {
        return problems.of(CommonProblemType.INVALID_REQUEST, e.getMessage(), uri);
    }

    @Override
    public String expectedBody() {
        return "a JSON object with a \"patients\" array";
    }

    @Override
    public String smallerBody() {
        return "send fewer patients per request";
    }
}
