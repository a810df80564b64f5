package dev.labyrinth.emulator.sim;

/**
 * A run failed because an action or an invariant check threw; the message names the root seed,
 * the step and the emulated time so the failure can be replayed exactly.
 *
 * <p>The original exception is kept as the cause. After a failure the simulation's state is
 * suspect, so {@link Simulation} refuses to run again.
 */
public final class SimulationFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final long rootSeed;
  private final long step;
  private final long timeNs;
  private final String invariant;

  SimulationFailure(String message, long rootSeed, long step, long timeNs, String invariant,
      Throwable cause) {
    super(message, cause);
    this.invariant = invariant;
    this.rootSeed = rootSeed;
    this.step = step;
    this.timeNs = timeNs;
  }

  /** The root seed of the failed run. */
  public long rootSeed() {
    return rootSeed;
  }

  /** The 1-based step number of the event during or after which the failure happened. */
  public long step() {
    return step;
  }

  /**
   * The name of the invariant check that failed, or empty when the event's action itself threw;
   * tells a detected corruption (a check failed) from a crash.
   */
  public String invariant() {
    return invariant;
  }

  /** The emulated time of that event. */
  public long timeNs() {
    return timeNs;
  }
}
