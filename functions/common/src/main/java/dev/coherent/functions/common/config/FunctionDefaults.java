package dev.coherent.functions.common.config;

import dev.coherent.functions.common.modelset.ModelSetWarmUp;
import dev.coherent.functions.common.problem.ProblemHints;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The beans a function may supply, with what applies when it does not. */
@Singleton
public class FunctionDefaults {

    /** No warm-up: the set is served as soon as it is loaded and verified. */
    @Produces
    @DefaultBean
    @Singleton
    ModelSetWarmUp noWarmUp() {
        return set -> {};
    }

    /** The default wording, of patients. */
    @Produces
    @DefaultBean
    @Singleton
    ProblemHints genericHints() {
        return new ProblemHints() {};
    }
}
