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

  final long deadlineNs;
  final boolean inKsoftirqd;
  int restartsLeft = MAX_SOFTIRQ_RESTART;
  int mask;
  int vec = -1;
  final ArrayDeque<Runner> work = new ArrayDeque<>();
  Runner runner;

  SoftirqFrame(long startNs, int mask, boolean inKsoftirqd) {
    this.deadlineNs = startNs + MAX_SOFTIRQ_TIME_NS;
    this.mask = mask;
    this.inKsoftirqd = inKsoftirqd;
  }
}
