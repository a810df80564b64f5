package dev.labyrinth.emulator.cli;

import com.google.common.collect.ImmutableMap;
import dev.labyrinth.reports.reserves.ReserveAnalysis;
import dev.labyrinth.reports.reserves.ZoneLowPoint;

/**
 * What one sweep run produced, computed in memory from its records.
 *
 * @param fingerprint {@code sha256:} of the canonical trace the run would have written
 * @param tiers {@code mm_page_alloc} records by their {@code reserve} tier
 * @param events records by event name, plus {@link #IRQ_FAILURES}
 * @param reserves the reserve analysis of {@code labyrinth reserves}
 */
record RunFigures(String fingerprint, ImmutableMap<String, Long> tiers,
    ImmutableMap<String, Long> events, ReserveAnalysis reserves) {

  /**
   * Pseudo-event counted beside the record names: failed allocations made in hardirq or softirq
   * context, the ones an interrupt handler cannot retry (the sensor's sample is lost).
   */
  static final String IRQ_FAILURES = "(irq_failures)";

  long count(String event) {
    return events.getOrDefault(event, 0L);
  }

  long tier(String tier) {
    return tiers.getOrDefault(tier, 0L);
  }

  long allocations() {
    return count("mm_page_alloc");
  }

  /** The zone whose low point left GFP_ATOMIC the least headroom, or null without allocations. */
  ZoneLowPoint tightestZone() {
    ZoneLowPoint tightest = null;
    for (ZoneLowPoint low : reserves.zones().values()) {
      if (tightest == null || low.headroomPages() < tightest.headroomPages()) {
        tightest = low;
      }
    }
    return tightest;
  }
}
