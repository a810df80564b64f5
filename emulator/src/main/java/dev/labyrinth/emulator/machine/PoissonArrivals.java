package dev.labyrinth.emulator.machine;

import static com.google.common.base.Preconditions.checkArgument;

import dev.labyrinth.emulator.sim.RandomStream;

/** Poisson arrivals (network receive): exponential gaps with mean {@code meanIntervalNs}. */
public final class PoissonArrivals implements ArrivalProcess {
  private final long meanIntervalNs;

  public PoissonArrivals(long meanIntervalNs) {
    checkArgument(meanIntervalNs > 0, "meanIntervalNs %s", meanIntervalNs);
    this.meanIntervalNs = meanIntervalNs;
  }

  @Override
  public long nextNs(long nowNs, RandomStream random) {
    return Math.addExact(nowNs, random.exponentialNs(meanIntervalNs));
  }
}
