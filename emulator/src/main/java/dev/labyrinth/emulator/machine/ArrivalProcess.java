package dev.labyrinth.emulator.machine;

import dev.labyrinth.emulator.sim.RandomStream;

/**
 * When a device raises its interrupt: a stateful sequence of absolute times, drawn from the
 * device's own random stream so that adding a device never perturbs another's timing.
 */
public interface ArrivalProcess {
  /** The next arrival, at or after {@code nowNs}; -1 when there are no more. */
  long nextNs(long nowNs, RandomStream random);
}
