package dev.labyrinth.emulator.machine;

import com.google.common.collect.ImmutableList;
import java.util.Arrays;

/**
 * The runners of one interrupt handler's softirq work, reused: each {@link Step.RaiseSoftirq}
 * of the handler takes one, and the softirq that runs it to its end gives it back. Building a
 * runner (and its step cursor) per raise was a large share of a run's garbage.
 *
 * <p>Several may be out at once (the line fires again before the softirq has run the earlier
 * work, or the work waits under a later hardirq), so the pool is a stack of idle runners rather
 * than one. A runner given back is rewound ({@link Runner#restart()}, which refuses a runner
 * still running), so one taken never carries a previous raise's progress.
 */
final class SoftirqWorkPool {
  private final ImmutableList<Step> work;
  private final KeptBlocks kept;
  private Runner[] idle = new Runner[2];
  private int idleCount;

  /** Work {@code work} keeping its blocks in {@code kept} (the handler's). */
  SoftirqWorkPool(ImmutableList<Step> work, KeptBlocks kept) {
    this.work = work;
    this.kept = kept;
  }

  /** A runner at the work's first step, with no progress: an idle one, or a new one. */
  Runner take() {
    if (idleCount == 0) {
      return new Runner(work, kept, null, this);
    }
    Runner r = idle[--idleCount];
    idle[idleCount] = null;
    return r;
  }

  /** Gives back a runner of this pool whose work has ended. */
  void give(Runner r) {
    if (r.pool != this) {
      throw new IllegalArgumentException("a runner of another pool");
    }
    r.restart();
    if (idleCount == idle.length) {
      idle = Arrays.copyOf(idle, idleCount * 2);
    }
    idle[idleCount++] = r;
  }

  /** Runners waiting to be taken (for tests). */
  int idleCount() {
    return idleCount;
  }
}
