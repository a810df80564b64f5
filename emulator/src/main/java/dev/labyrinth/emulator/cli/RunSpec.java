package dev.labyrinth.emulator.cli;

import com.google.common.collect.ImmutableList;

/**
 * One run of a sweep.
 *
 * @param index position in the whole sweep: combination index x seed count + seed offset, so
 *     output sorted by index is ordered by parameter combination, then seed
 * @param seed the root seed
 * @param sets the combination's {@code --set} overrides, in command-line order
 * @param faults fault overrides swarm mode chose for this seed ({@code faults.X=...}), else empty
 */
record RunSpec(long index, long seed, ImmutableList<String> sets, ImmutableList<String> faults) {

  /** Every override the run applies: the combination's, then the faults. */
  ImmutableList<String> overrides() {
    return ImmutableList.<String>builder().addAll(sets).addAll(faults).build();
  }
}
