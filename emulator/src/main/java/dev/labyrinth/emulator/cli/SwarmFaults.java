package dev.labyrinth.emulator.cli;

import com.google.common.collect.ImmutableList;
import dev.labyrinth.emulator.scenario.Scenario;

/** Swarm testing: which fault sites a seed turns on (placeholder until the fault sites exist). */
final class SwarmFaults {

  private SwarmFaults() {}

  static ImmutableList<String> choose(long seed, Scenario scenario) {
    return ImmutableList.of();
  }
}
