package dev.labyrinth.emulator.mm;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

/**
 * What one {@link AllocRequest#advance()} step ended with: either the request is done (with its
 * {@link AllocResult}), or the calling task must sleep {@link #delayNs()} in direct reclaim and
 * then call {@code advance()} again.
 */
public final class Progress {
  private final AllocResult result;
  private final long delayNs;

  private Progress(AllocResult result, long delayNs) {
    this.result = result;
    this.delayNs = delayNs;
  }

  static Progress done(AllocResult result) {
    return new Progress(result, 0);
  }

  static Progress block(long delayNs) {
    checkArgument(delayNs > 0, "block of %s ns", delayNs);
    return new Progress(null, delayNs);
  }

  /** Whether the request finished (successfully or not). */
  public boolean isDone() {
    return result != null;
  }

  /** The outcome; only when {@link #isDone()}. */
  public AllocResult result() {
    checkState(result != null, "the request is blocked, not done");
    return result;
  }

  /** How long the task sleeps before the next {@code advance()}; only when blocked. */
  public long delayNs() {
    checkState(result == null, "the request is done");
    return delayNs;
  }

  @Override
  public String toString() {
    return result != null ? "DONE(" + result + ")" : "BLOCK(" + delayNs + " ns)";
  }
}
