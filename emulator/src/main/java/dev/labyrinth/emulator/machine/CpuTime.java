package dev.labyrinth.emulator.machine;

import com.google.common.base.Verify;

/**
 * Where one CPU's time went: idle, task, softirq or hardirq, charged to whatever context ran
 * since the last charge, as the kernel's irqtime/cputime accounting splits a CPU's time.
 */
final class CpuTime {
  static final int IDLE = 0;
  static final int TASK = 1;
  static final int SOFTIRQ = 2;
  static final int HARDIRQ = 3;

  private final long[] timeNs = new long[4];
  private long accountedUntilNs;

  /** Charges the time from the last charge up to {@code nowNs} to {@code kind}; returns it. */
  long charge(long nowNs, int kind) {
    long deltaNs = nowNs - accountedUntilNs;
    if (deltaNs <= 0) {
      return 0;
    }
    timeNs[kind] += deltaNs;
    accountedUntilNs = nowNs;
    return deltaNs;
  }

  /** The time charged to {@code kind} so far. */
  long ns(int kind) {
    return timeNs[kind];
  }

  /** Verifies the kinds add up to the time accounted and that it is not ahead of the clock. */
  void checkInvariants(int cpu, long nowNs) {
    Verify.verify(accountedUntilNs <= nowNs, "CPU %s accounted ahead of time", cpu);
    Verify.verify(timeNs[IDLE] + timeNs[TASK] + timeNs[SOFTIRQ] + timeNs[HARDIRQ]
        == accountedUntilNs, "CPU %s time accounting does not add up", cpu);
  }
}
