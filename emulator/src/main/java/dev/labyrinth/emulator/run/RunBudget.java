package dev.labyrinth.emulator.run;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * The limits a run stops at, besides the scenario's duration, so a runaway or oversized scenario
 * ends cleanly with a truncated trace instead of filling the disk or running forever.
 *
 * @param stepsMax events the run may execute; reaching it ends the trace with {@code step_limit}
 * @param traceBytesMax trace bytes after which the run stops at the end of the current event;
 *     the trace then ends with {@code trace_limit}. {@link Long#MAX_VALUE} means no limit
 */
public record RunBudget(long stepsMax, long traceBytesMax) {

  /** Rejects budgets that could never let a run start. */
  public RunBudget {
    checkArgument(stepsMax >= 0, "stepsMax %s must not be negative", stepsMax);
    checkArgument(traceBytesMax >= 1, "traceBytesMax %s must be positive", traceBytesMax);
  }

  /** Only an event budget; the trace may grow as large as the run makes it. */
  public static RunBudget ofSteps(long stepsMax) {
    return new RunBudget(stepsMax, Long.MAX_VALUE);
  }
}
