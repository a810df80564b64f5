package dev.labyrinth.emulator.cli;

import com.google.common.collect.ImmutableList;
import dev.labyrinth.emulator.scenario.FaultsSpec;
import dev.labyrinth.emulator.scenario.Scenario;
import dev.labyrinth.emulator.sim.RandomStreams;
import java.util.ArrayList;
import java.util.List;

/**
 * Swarm testing (Groce et al., "Swarm Testing", ISSTA 2012) over the fault sites: each seed of a
 * sweep runs with its own random subset of the sites switched on, so that across many seeds every
 * combination of faults is tried, including the ones where one fault masks another.
 *
 * <p>The choice for a site is a fair coin drawn from the stream {@code swarm/<site>} of a
 * {@link RandomStreams} rooted at the run's seed: it depends on the seed and the site's name
 * only, never on thread timing, job count, shard or run order, and adding a site later does not
 * change the coins of the others.
 *
 * <p>Every site takes part, with the parameters the scenario gives it or the defaults; the sites
 * that act on a device ({@code irq_storm}, {@code device_stop}) only when the scenario has one.
 * The result is the list of overrides that make the run's scenario match the choice, sorted:
 * {@code faults.X.enabled=true} for each chosen site the scenario leaves off, and
 * {@code faults.X.enabled=false} for each unchosen site the scenario (or a {@code --set}) turned
 * on. Appended after the combination's {@code --set} values, they are exactly what the replay
 * command passes.
 */
final class SwarmChoice {

  private SwarmChoice() {}

  /** The sites that take part for {@code scenario}, in name order. */
  static List<String> sites(Scenario scenario) {
    List<String> sites = new ArrayList<>();
    boolean devices = !scenario.devices().isEmpty();
    if (devices) {
      sites.add("device_stop");
      sites.add("irq_storm");
    }
    sites.add("kswapd_delay");
    sites.add("reclaim_no_progress");
    return sites;
  }

  /** Whether the swarm switches {@code site} on for {@code seed}. */
  static boolean chosen(long seed, String site) {
    return new RandomStreams(seed).stream("swarm/" + site).nextInt(2) == 1;
  }

  /** The overrides that turn {@code scenario}'s sites on or off as the swarm chose for {@code seed}. */
  static ImmutableList<String> overrides(Scenario scenario, long seed) {
    ImmutableList.Builder<String> out = ImmutableList.builder();
    for (String site : sites(scenario)) {
      boolean on = chosen(seed, site);
      if (on != enabled(scenario.faults(), site)) {
        out.add("faults." + site + ".enabled=" + on);
      }
    }
    return out.build();
  }

  private static boolean enabled(FaultsSpec faults, String site) {
    return switch (site) {
      case "irq_storm" -> faults.irqStorm().enabled();
      case "kswapd_delay" -> faults.kswapdDelay().enabled();
      case "reclaim_no_progress" -> faults.reclaimNoProgress().enabled();
      case "device_stop" -> faults.deviceStop().enabled();
      default -> throw new IllegalArgumentException("unknown fault site " + site);
    };
  }
}
