package dev.labyrinth.reports.html;

import dev.labyrinth.reports.reserves.ReserveAnalysis;
import dev.labyrinth.reports.reserves.ReserveHit;
import dev.labyrinth.reports.reserves.ZoneLowPoint;

/**
 * The one sentence at the top of the report, computed from the reserve analysis: how many
 * GFP_ATOMIC allocations went below min, how many allocations failed, and the lowest headroom any
 * zone had left above the atomic floor.
 *
 * @param text the sentence
 * @param severity {@code ok} (nothing below min), {@code warn} (reserves used) or {@code bad}
 *     (failures)
 */
record Verdict(String text, String severity) {

  static Verdict of(ReserveAnalysis analysis, long allocations) {
    long belowMin = 0;
    long atomicBelowMin = 0;
    for (ReserveHit hit : analysis.hits()) {
      if (!hit.tier().equals("failed")) {
        belowMin++;
        if (hit.gfpFlags().contains("ATOMIC")) {
          atomicBelowMin++;
        }
      }
    }
    long failed = analysis.failures();
    StringBuilder text = new StringBuilder();
    if (allocations == 0) {
      text.append("No page allocations in this trace, so no reserve was touched");
    } else {
      text.append(atomicBelowMin).append(atomicBelowMin == 1 ? " ATOMIC allocation" :
          " ATOMIC allocations").append(" went below min");
      if (belowMin != atomicBelowMin) {
        text.append(" (").append(belowMin).append(" allocations in all)");
      }
      text.append("; ").append(failed).append(" failed");
    }
    ZoneLowPoint lowest = null;
    for (ZoneLowPoint zone : analysis.zones().values()) {
      if (lowest == null || zone.headroomPages() < lowest.headroomPages()) {
        lowest = zone;
      }
    }
    if (lowest != null) {
      text.append("; lowest headroom ").append(lowest.headroomPages()).append(" pages at ")
          .append(Html.millis(lowest.atTimeNs())).append(" (zone ").append(lowest.zone())
          .append(')');
    }
    text.append('.');
    String severity = failed > 0 ? "bad" : belowMin > 0 ? "warn" : "ok";
    return new Verdict(text.toString(), severity);
  }
}
