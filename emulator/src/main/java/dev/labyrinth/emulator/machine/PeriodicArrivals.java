package dev.labyrinth.emulator.machine;

import static com.google.common.base.Preconditions.checkArgument;

import dev.labyrinth.emulator.sim.RandomStream;

/**
 * A timer or sensor: the k-th arrival at {@code k * periodNs} plus a jitter uniform in
 * {@code [-jitterNs, +jitterNs]}. Jitter never accumulates, as with a crystal-driven timer whose
 * interrupt timing varies but whose period does not.
 */
public final class PeriodicArrivals implements ArrivalProcess {
  private final long periodNs;
  private final long jitterNs;
  private long index;

  public PeriodicArrivals(long periodNs, long jitterNs) {
    checkArgument(periodNs > 0, "periodNs %s", periodNs);
    checkArgument(jitterNs >= 0 && jitterNs < periodNs, "jitterNs %s must be in [0, period)",
        jitterNs);
    this.periodNs = periodNs;
    this.jitterNs = jitterNs;
  }

  @Override
  public long nextNs(long nowNs, RandomStream random) {
    index++;
    long atNs = Math.multiplyExact(index, periodNs);
    if (jitterNs > 0) {
      atNs += random.uniformNs(-jitterNs, jitterNs + 1);
    }
    return Math.max(atNs, nowNs);
  }
}
