package dev.labyrinth.emulator.machine;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import dev.labyrinth.emulator.sim.RandomStream;

/** Arrival times replayed from a recording: absolute, non-decreasing, then no more. */
public final class ReplayArrivals implements ArrivalProcess {
  private final ImmutableList<Long> timesNs;
  private int next;

  public ReplayArrivals(ImmutableList<Long> timesNs) {
    for (int i = 0; i < timesNs.size(); i++) {
      checkArgument(timesNs.get(i) >= 0 && (i == 0 || timesNs.get(i) >= timesNs.get(i - 1)),
          "replayed times must be >= 0 and non-decreasing (entry %s)", i + 1);
    }
    this.timesNs = timesNs;
  }

  @Override
  public long nextNs(long nowNs, RandomStream random) {
    if (next >= timesNs.size()) {
      return -1;
    }
    return Math.max(timesNs.get(next++), nowNs);
  }
}
