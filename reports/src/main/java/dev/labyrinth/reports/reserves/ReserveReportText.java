package dev.labyrinth.reports.reserves;

import dev.labyrinth.reports.Durations;
import java.util.Map;

/**
 * Renders a {@link ReserveAnalysis} as plain text for a terminal: the groups, each zone's low
 * point, then each reserve hit and failure with its cause. Same analysis, same bytes: sorted maps,
 * integer times, LF line ends.
 */
public final class ReserveReportText {

  private ReserveReportText() {}

  public static String render(ReserveAnalysis analysis) {
    StringBuilder out = new StringBuilder();
    out.append("reserves: ").append(analysis.header().scenario()).append(" (seed ")
        .append(analysis.header().seed()).append(")\n");
    out.append("allocations below the low watermark: ").append(analysis.belowLow().allocations())
        .append(" (").append(analysis.belowLow().pages()).append(" pages); reserve hits: ")
        .append(analysis.hits().size() - analysis.failures()).append("; failures: ")
        .append(analysis.failures()).append('\n');
    group(out, "by tier", analysis.byTier());
    group(out, "by GFP mask", analysis.byGfp());
    group(out, "by caller", analysis.byCaller());
    group(out, "by CPU", analysis.byCpu());
    out.append("\nlowest free pages per zone (atomic floor = 3/8 of min):\n");
    for (ZoneLowPoint low : analysis.zones().values()) {
      out.append("  ").append(low.zone()).append(": ").append(low.lowestFreePages())
          .append(" pages at ").append(Durations.format(low.atTimeNs())).append(" (min ")
          .append(low.minPages()).append(", atomic floor ").append(low.atomicFloorPages())
          .append("); headroom for GFP_ATOMIC: ").append(low.headroomPages()).append(" pages\n");
    }
    out.append("\nreserve hits and failures:\n");
    if (analysis.hits().isEmpty()) {
      out.append("  none\n");
    }
    for (ReserveHit hit : analysis.hits()) {
      hit(out, hit);
    }
    return out.toString();
  }

  private static void group(StringBuilder out, String title, Map<String, Tally> tallies) {
    out.append('\n').append(title).append(":\n");
    if (tallies.isEmpty()) {
      out.append("  none\n");
    }
    tallies.forEach((key, tally) -> out.append("  ").append(key).append(": ")
        .append(tally.allocations()).append(" allocations, ").append(tally.pages())
        .append(" pages\n"));
  }

  private static void hit(StringBuilder out, ReserveHit hit) {
    out.append("  ").append(Durations.format(hit.timeNs())).append(' ')
        .append(hit.cpu() < 0 ? "no cpu" : "cpu" + hit.cpu()).append(' ').append(hit.caller())
        .append(": ").append(hit.tier()).append(", order ").append(hit.order()).append(' ')
        .append(hit.gfpFlags()).append(", zone ").append(hit.zone()).append('\n');
    if (hit.drain() == null) {
      out.append("    no zone could be tried\n");
      return;
    }
    out.append("    free before: ").append(hit.freeBeforePages()).append(" pages (min ")
        .append(hit.minPages()).append(", low ").append(hit.lowPages()).append(", high ")
        .append(hit.highPages()).append(", atomic floor ").append(hit.atomicFloorPages())
        .append("); ").append(hit.marginToAtomicFloorPages())
        .append(" pages above the atomic floor\n");
    DrainCause drain = hit.drain();
    out.append("    drained since ").append(Durations.format(drain.sinceNs()))
        .append(" (last at or above high): ").append(drain.allocations().allocations())
        .append(" allocations, ").append(drain.allocations().pages()).append(" pages; ")
        .append(drain.freed().allocations()).append(" frees, ").append(drain.freed().pages())
        .append(" pages\n");
    if (!drain.topCallers().isEmpty()) {
      out.append("    top callers:");
      String separator = " ";
      for (CallerTally caller : drain.topCallers()) {
        out.append(separator).append(caller.caller()).append(" (").append(caller.tally().pages())
            .append(" pages in ").append(caller.tally().allocations()).append(" allocations)");
        separator = ", ";
      }
      out.append('\n');
    }
    KswapdStatus kswapd = hit.kswapd();
    out.append("    kswapd: ").append(kswapd.state());
    if (kswapd.sinceNs() >= 0) {
      out.append(" since ").append(Durations.format(kswapd.sinceNs())).append(" (")
          .append(Durations.format(hit.timeNs() - kswapd.sinceNs())).append(" before)");
    }
    out.append("; behind by ").append(hit.shortOfHighPages()).append(" pages short of high");
    if (drain.belowLowSinceNs() >= 0) {
      out.append(", below low for ").append(Durations.format(hit.timeNs()
          - drain.belowLowSinceNs()));
    }
    out.append('\n');
  }
}
