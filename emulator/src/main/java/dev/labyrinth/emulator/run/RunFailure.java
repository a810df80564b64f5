package dev.labyrinth.emulator.run;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;

/**
 * A run stopped because an event crashed or, in paranoid mode, an invariant check failed. Carries
 * what a person needs to replay and understand it: the seed, the step, the emulated time, the
 * invariant (empty for a crash) and the last trace records before it (paranoid runs only).
 */
public final class RunFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final long seed;
  private final long step;
  private final long timeNs;
  private final String invariant;
  private final ImmutableList<String> lastRecords;

  public RunFailure(String message, long seed, long step, long timeNs, String invariant,
      ImmutableList<String> lastRecords, Throwable cause) {
    super(message, cause);
    this.seed = seed;
    this.step = step;
    this.timeNs = timeNs;
    this.invariant = checkNotNull(invariant, "invariant");
    this.lastRecords = checkNotNull(lastRecords, "lastRecords");
  }

  public long seed() {
    return seed;
  }

  public long step() {
    return step;
  }

  public long timeNs() {
    return timeNs;
  }

  /** The failed invariant check's name; empty when an event's action threw instead. */
  public String invariant() {
    return invariant;
  }

  /** Whether an invariant check (rather than a crash) stopped the run. */
  public boolean isInvariantViolation() {
    return !invariant.isEmpty();
  }

  /** The last trace records before the failure, oldest first; empty unless paranoid. */
  public ImmutableList<String> lastRecords() {
    return lastRecords;
  }
}
