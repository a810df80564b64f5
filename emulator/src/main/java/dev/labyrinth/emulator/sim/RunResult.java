package dev.labyrinth.emulator.sim;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * How a call to {@link Simulation#run} ended, so callers branch on a value rather than on
 * exceptions.
 *
 * @param reason why the run stopped
 * @param steps the simulation's total executed events when the run stopped (the same count as
 *     {@link Simulation#steps()}, a snapshot like {@code nowNs}, not only this call's events)
 * @param nowNs the emulated time when the run stopped
 * @param detail the text given to {@link Simulation#stop} for {@link StopReason#STOPPED}, else a
 *     short description of the limit that was reached
 */
public record RunResult(StopReason reason, long steps, long nowNs, String detail) {

  /** Rejects a missing reason or detail so reports never print "null". */
  public RunResult {
    checkNotNull(reason, "reason");
    checkNotNull(detail, "detail");
  }
}
