package dev.labyrinth.emulator.machine;

import java.util.ArrayDeque;

/**
 * One invocation of {@code __do_softirq()} / {@code handle_softirqs()} on a CPU: the vectors of
 * the current pass, the vector being served, its queued work, and the restart budget.
 */
final class SoftirqFrame {
  /** {@code MAX_SOFTIRQ_RESTART} in kernel/softirq.c. */
  static final int MAX_SOFTIRQ_RESTART = 10;
  /**
   * {@code MAX_SOFTIRQ_TIME}, 2 ms. Simplification: Linux measures it in jiffies
   * ({@code msecs_to_jiffies(2)}); we use exact nanoseconds.
   */
  static final long MAX_SOFTIRQ_TIME_NS = 2_000_000;

  long deadlineNs;
  boolean inKsoftirqd;
  int restartsLeft;
  int mask;
  int vec;
  final ArrayDeque<Runner> work = new ArrayDeque<>();
  Runner runner;

  /**
   * Resets this frame for a new invocation. A CPU runs at most one invocation at a time, so its
   * {@link SoftirqEngine} reuses one frame (and its work queue) instead of building one per
   * interrupt exit.
   */
  void begin(long startNs, int mask, boolean inKsoftirqd) {
    this.deadlineNs = startNs + MAX_SOFTIRQ_TIME_NS;
    this.mask = mask;
    this.inKsoftirqd = inKsoftirqd;
    this.restartsLeft = MAX_SOFTIRQ_RESTART;
    this.vec = -1;
    this.work.clear();
    this.runner = null;
  }
}
