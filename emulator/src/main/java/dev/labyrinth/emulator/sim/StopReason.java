package dev.labyrinth.emulator.sim;

/** Why {@link Simulation#run} returned; every run has a budget, so it always returns one. */
public enum StopReason {
  /** No event was pending. */
  QUEUE_EMPTY,
  /** The next pending event lies after the time limit; the clock was advanced to that limit. */
  TIME_LIMIT,
  /** The run executed as many events as its step budget allowed. */
  STEP_LIMIT,
  /** An action called {@link Simulation#stop}; the result's detail carries its reason. */
  STOPPED
}
