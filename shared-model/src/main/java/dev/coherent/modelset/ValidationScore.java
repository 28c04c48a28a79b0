package dev.coherent.modelset;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.coherent.diffusion.X0Error;
import java.util.List;

/**
 * How well one method imputes one target from one condition set on the validation split: the MSE
 * of the mean of a few draws, in standardized units, which {@code auto} uses to pick the lowest;
 * and the error of its predicted x̂₀ at each step, which the analytic step variance uses
 * ({@code null} in sets trained before it existed).
 */
public record ValidationScore(String target, List<String> conditions, String method, double mse, X0Error x0Error) {

    /** The imputation method that {@link #method} scored: the multi model, or the coherent ensemble. */
    @JsonIgnore
    public ImputationMethod imputationMethod() {
        return method.equals(SamplingPlan.MULTI) ? ImputationMethod.MULTI : ImputationMethod.COHERENT;
    }
}
