package dev.coherent.modelset;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.coherent.diffusion.X0Error;
import java.util.ArrayList;
import java.util.List;

/**
 * How well one method imputes one target from one condition set on the validation split.
 *
 * @param mse the mean squared error of the method's posterior mean, per feature, in standardized
 *     units: exact for the linear model; for a diffusion method, the error of the mean of a few
 *     draws less its Monte Carlo share (the draws' variance over their number), so methods compare
 *     as a user with many draws would see them
 * @param x0Error the error of the predicted x̂₀ at each step, which the analytic step variance
 *     uses ({@code null} for the linear model and in sets trained before it existed)
 * @param chosen whether {@code auto} answers this query with this method (false throughout in sets
 *     trained before the choice was recorded; the lowest MSE is used there)
 * @param intervals the conformal calibration of the method's intervals, one table per draw count
 *     (empty in sets trained before it existed; {@code coherent calibrate} adds it)
 */
public record ValidationScore(
        String target,
        List<String> conditions,
        String method,
        double mse,
        X0Error x0Error,
        boolean chosen,
        List<IntervalCalibration> intervals) {

    public ValidationScore {
        intervals = intervals == null ? List.of() : List.copyOf(intervals);
    }

    /** A score without interval calibration. */
    public ValidationScore(
            String target, List<String> conditions, String method, double mse, X0Error x0Error, boolean chosen) {
        this(target, conditions, method, mse, x0Error, chosen, List.of());
    }

    /** A score not (yet) chosen. */
    public ValidationScore(String target, List<String> conditions, String method, double mse, X0Error x0Error) {
        this(target, conditions, method, mse, x0Error, false, List.of());
    }

    /** The imputation method that {@link #method} scored. */
    @JsonIgnore
    public ImputationMethod imputationMethod() {
        return switch (method) {
            case SamplingPlan.MULTI -> ImputationMethod.MULTI;
            case SamplingPlan.LINEAR -> ImputationMethod.LINEAR;
            default -> ImputationMethod.COHERENT;
        };
    }

    /** The modalities a patient must have to be scored on this query: its conditions and its target. */
    @JsonIgnore
    public List<String> modalitiesNeeded() {
        List<String> needed = new ArrayList<>(conditions);
        needed.add(target);
        return needed;
    }

    public ValidationScore withChosen(boolean isChosen) {
        return new ValidationScore(target, conditions, method, mse, x0Error, isChosen, intervals);
    }

    public ValidationScore withX0Error(X0Error error) {
        return new ValidationScore(target, conditions, method, mse, error, chosen, intervals);
    }

    public ValidationScore withIntervals(List<IntervalCalibration> tables) {
        return new ValidationScore(target, conditions, method, mse, x0Error, chosen, tables);
    }
}
