package dev.coherent.modelset;

import dev.coherent.metrics.ConformalIntervals;
import java.util.List;

/**
 * The conformal calibration of one method's intervals for one target and condition set, measured
 * on held-out validation patients with a given number of draws ({@link ConformalIntervals} has the
 * formula; {@link IntervalCalibrator} measures it).
 *
 * <p>The multiplier depends on the number of draws: the spread of few draws is a noisy estimate, so
 * it needs a wider multiplier. A query uses the table of the largest draw count at most its own
 * (slightly conservative in between), none below the smallest.
 *
 * @param draws draws per patient the scores were computed with
 * @param patients calibration patients
 * @param levels central levels, ascending ({@link ConformalIntervals#LEVELS})
 * @param multipliers per level, q: the calibrated interval is the draws' mean ± q × their std
 */
public record IntervalCalibration(int draws, int patients, double[] levels, double[] multipliers) {

    /** The multiplier at {@code level}; {@code NaN} above the table's last level. */
    public double multiplier(double level) {
        return ConformalIntervals.multiplierAt(levels, multipliers, level);
    }

    /**
     * The multiplier for a query of {@code draws} draws at {@code level}, or {@code NaN} when none
     * applies (no calibration, fewer draws than any table, a level above the tables').
     */
    public static double multiplier(List<IntervalCalibration> tables, int draws, double level) {
        IntervalCalibration best = null;
        for (IntervalCalibration t : tables) {
            if (t.draws() <= draws && (best == null || t.draws() > best.draws())) {
                best = t;
            }
        }
        return best == null ? Double.NaN : best.multiplier(level);
    }
}
