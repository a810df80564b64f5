package dev.labyrinth.emulator.cli;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/**
 * The runs of a sweep, in output order: by parameter combination, then by seed. A run's index is
 * its position in the whole sweep, whichever shard runs it.
 */
final class SweepPlan {

  private SweepPlan() {}

  static long total(SweepGrid grid, SeedRange seeds) {
    return grid.combinations().size() * seeds.count();
  }

  /**
   * The runs {@code shard} owns.
   *
   * @param faultsForSeed the swarm faults of a seed (empty list when swarm mode is off)
   */
  static List<RunSpec> specs(SweepGrid grid, SeedRange seeds, ShardSpec shard,
      LongFunction<ImmutableList<String>> faultsForSeed) {
    List<RunSpec> specs = new ArrayList<>();
    long index = 0;
    for (ImmutableList<String> combination : grid.combinations()) {
      for (long seed = seeds.loSeed(); ; seed++) {
        if (shard.owns(index)) {
          specs.add(new RunSpec(index, seed, combination, faultsForSeed.apply(seed)));
        }
        index++;
        if (seed == seeds.hiSeed()) {
          break;
        }
      }
    }
    return specs;
  }
}
