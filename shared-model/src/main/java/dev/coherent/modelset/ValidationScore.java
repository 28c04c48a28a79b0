package dev.coherent.modelset;

import java.util.List;

/**
 * How well one method imputes one target from one condition set on the validation split: the MSE
 * of the mean of a few draws, in standardized units. {@code auto} picks the lowest.
 */
public record ValidationScore(String target, List<String> conditions, String method, double mse) {}
