package dev.labyrinth.emulator.cli;

import com.google.common.collect.ImmutableList;
import dev.labyrinth.emulator.run.RunOutcome;
import dev.labyrinth.reports.reserves.ZoneLowPoint;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One run's line in a results file, and whether the run is failing under the selected
 * conditions. The key order is fixed; {@code docs/sweeps.md} documents each key.
 *
 * @param spec the run
 * @param outcome how the run ended
 * @param figures its fingerprint and figures
 * @param failingBecause the selected conditions that held, in declaration order; empty: passing
 */
record SweepResult(RunSpec spec, RunOutcome outcome, RunFigures figures,
    ImmutableList<FailCondition> failingBecause) {

  /** The reserve tiers, in the order of the trace format (none first, failed last). */
  static final List<String> TIERS = List.of("none", "below_low", "min_reserve", "atomic_reserve",
      "highatomic", "no_watermarks", "failed");

  static SweepResult of(RunSpec spec, RunOutcome outcome, RunFigures figures,
      Set<FailCondition> failOn) {
    ImmutableList.Builder<FailCondition> why = ImmutableList.builder();
    for (FailCondition condition : FailCondition.values()) {
      if (failOn.contains(condition) && condition.holds(figures)) {
        why.add(condition);
      }
    }
    return new SweepResult(spec, outcome, figures, why.build());
  }

  boolean failing() {
    return !failingBecause.isEmpty();
  }

  String toJsonLine() {
    StringBuilder out = new StringBuilder(512);
    out.append("{\"run\":").append(spec.index()).append(",\"seed\":").append(spec.seed())
        .append(",\"set\":");
    SweepJson.strings(out, spec.sets()).append(",\"faults\":");
    SweepJson.strings(out, spec.faults()).append(",\"fingerprint\":");
    SweepJson.quote(out, figures.fingerprint()).append(",\"stop\":");
    SweepJson.quote(out, outcome.reason().name().toLowerCase(Locale.ROOT));
    out.append(",\"failing\":").append(failing()).append(",\"failing_because\":");
    SweepJson.strings(out, failingBecause.stream().map(FailCondition::label).toList());
    out.append(",\"allocations\":").append(figures.allocations()).append(",\"tiers\":{");
    for (int i = 0; i < TIERS.size(); i++) {
      out.append(i == 0 ? "" : ",").append('"').append(TIERS.get(i)).append("\":")
          .append(figures.tier(TIERS.get(i)));
    }
    out.append("},\"failures\":").append(figures.tier("failed"))
        .append(",\"irq_failures\":").append(figures.count(RunFigures.IRQ_FAILURES));
    ZoneLowPoint tight = figures.tightestZone();
    out.append(",\"lowest_headroom_pages\":").append(tight == null ? -1 : tight.headroomPages())
        .append(",\"lowest_headroom_zone\":");
    SweepJson.quote(out, tight == null ? "none" : tight.zone());
    out.append(",\"lowest_free_pages\":").append(tight == null ? -1 : tight.lowestFreePages())
        .append(",\"warn_alloc\":").append(figures.count("warn_alloc"))
        .append(",\"might_sleep\":").append(figures.count("might_sleep"))
        .append(",\"bleed\":").append(figures.count("vm_bleed"))
        .append(",\"oom_kill\":").append(figures.count("oom_kill"))
        .append('}');
    return out.toString();
  }
}
