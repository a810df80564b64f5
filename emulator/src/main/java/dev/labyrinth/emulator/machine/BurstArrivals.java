package dev.labyrinth.emulator.machine;

import static com.google.common.base.Preconditions.checkArgument;

import dev.labyrinth.emulator.sim.RandomStream;

/**
 * Bursty traffic: fixed on and off periods, starting "on" at time 0, with Poisson arrivals of
 * mean gap {@code meanIntervalNs} while on and none while off. An arrival drawn into an off
 * period moves to the next on period, where a fresh gap is drawn (the process is memoryless).
 */
public final class BurstArrivals implements ArrivalProcess {
  private static final int DRAWS_MAX = 1_000_000;

  private final long onNs;
  private final long offNs;
  private final long meanIntervalNs;

  public BurstArrivals(long onNs, long offNs, long meanIntervalNs) {
    checkArgument(onNs > 0 && offNs >= 0 && meanIntervalNs > 0, "on %s off %s mean %s", onNs,
        offNs, meanIntervalNs);
    this.onNs = onNs;
    this.offNs = offNs;
    this.meanIntervalNs = meanIntervalNs;
  }

  @Override
  public long nextNs(long nowNs, RandomStream random) {
    long cycleNs = onNs + offNs;
    long atNs = Math.addExact(nowNs, random.exponentialNs(meanIntervalNs));
    for (int i = 0; i < DRAWS_MAX; i++) {
      long phaseNs = atNs % cycleNs;
      if (phaseNs < onNs) {
        return atNs;
      }
      long nextOnNs = Math.addExact(atNs - phaseNs, cycleNs);
      atNs = Math.addExact(nextOnNs, random.exponentialNs(meanIntervalNs));
    }
    throw new VerifyError("burst arrivals found no on period in " + DRAWS_MAX + " draws");
  }
}
