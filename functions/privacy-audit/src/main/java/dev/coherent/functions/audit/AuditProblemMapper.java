package dev.coherent.functions.audit;

import dev.coherent.functions.common.CommonProblemType;
import dev.coherent.functions.common.ProblemHints;
import dev.coherent.functions.common.ProblemResponses;
import dev.coherent.modelset.InvalidQueryException;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The privacy-audit function's part of the problem+json answers: the engine's refusal of a query
 * (an unknown method) is an invalid request, and the generic details speak of audits.
 */
@Singleton
public class AuditProblemMapper implements ProblemHints {
    private final ProblemResponses problems;

    public AuditProblemMapper(ProblemResponses problems) {
        this.problems = problems;
    }

    @ServerExceptionMapper
    public Response invalidQuery(InvalidQueryException e, UriInfo uri) {
        return problems.of(CommonProblemType.INVALID_REQUEST, e.getMessage(), uri);
    }

    @Override
    public String expectedBody() {
        return "a JSON object, {} for an audit with the defaults";
    }

    @Override
    public String smallerBody() {
        return "an audit request is a few fields";
    }
}
