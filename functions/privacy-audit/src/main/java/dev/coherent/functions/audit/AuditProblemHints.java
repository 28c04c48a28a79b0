package dev.coherent.functions.audit;

import dev.coherent.functions.common.problem.ProblemHints;
import jakarta.inject.Singleton;

/** The privacy-audit function's wording of the generic problem details: they speak of audits. */
@Singleton
public class AuditProblemHints implements ProblemHints {

    @Override
    public String expectedBody() {
        return "a JSON object, {} for an audit with the defaults";
    }

    @Override
    public String smallerBody() {
        return "an audit request is a few fields";
    }
}
