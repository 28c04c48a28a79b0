package dev.coherent.modelset;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.coherent.diffusion.NoiseSchedule;
import dev.coherent.store.MalformedModelException;

/** The noise schedule a model set's denoisers were trained with, as its manifest records it. */
public record ScheduleInfo(
        String kind,
        int steps,
        @JsonProperty("beta_start") double betaStart,
        @JsonProperty("beta_end") double betaEnd) {
    public static final String LINEAR = "linear";

    public ScheduleInfo {
        if (!LINEAR.equals(kind)) {
            throw new MalformedModelException(
                    "manifest: unknown noise schedule kind '" + kind + "' (expected " + LINEAR + ")");
        }
        if (steps < 2 || !(betaStart > 0) || !(betaEnd >= betaStart) || !(betaEnd < 1)) {
            throw new MalformedModelException("manifest: invalid noise schedule (steps " + steps + ", beta " + betaStart
                    + " to " + betaEnd + ")");
        }
    }

    public static ScheduleInfo of(NoiseSchedule schedule) {
        return new ScheduleInfo(LINEAR, schedule.steps(), schedule.betaStart(), schedule.betaEnd());
    }

    public NoiseSchedule toSchedule() {
        return NoiseSchedule.linear(betaStart, betaEnd, steps);
    }
}
