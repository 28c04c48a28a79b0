package dev.coherent.functions.prioritization;

import dev.coherent.functions.common.ProblemHints;
import jakarta.inject.Singleton;

/** The prioritization function's wording of the generic problem details: they speak of patients. */
@Singleton
public class PrioritizationProblemHints implements ProblemHints {

    @Override
    public String expectedBody() {
        return "a JSON object with a \"patients\" array";
    }

    @Override
    public String smallerBody() {
        return "send fewer patients per request";
    }
}
