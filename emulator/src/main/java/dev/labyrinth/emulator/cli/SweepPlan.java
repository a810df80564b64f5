package dev.labyrinth.emulator.cli;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;

/**
 * The runs of a sweep, in output order: by parameter combination, then by seed. A run's index is
 * its position in the whole sweep, whichever shard runs it.
 */
final class SweepPlan {

  private SweepPlan() {}

  static long total(SweepGrid grid, SeedRange seeds) {
    return grid.combinations().size() * seeds.count();
  }

  /** The fault overrides of one run: swarm mode's choice, or none. */
  @FunctionalInterface
  interface Faults {
    Faults NONE = (combination, seed) -> ImmutableList.of();

    ImmutableList<String> of(ImmutableList<String> combination, long seed);
  }

  /**
   * The runs {@code shard} owns.
   *
   * @param faults the swarm faults of a combination and seed ({@link Faults#NONE} when swarm
   *     mode is off)
   */
  static List<RunSpec> specs(SweepGrid grid, SeedRange seeds, ShardSpec shard, Faults faults) {
    List<RunSpec> specs = new ArrayList<>();
    long index = 0;
    for (ImmutableList<String> combination : grid.combinations()) {
      for (long seed = seeds.loSeed(); ; seed++) {
        if (shard.owns(index)) {
          specs.add(new RunSpec(index, seed, combination, faults.of(combination, seed)));
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
