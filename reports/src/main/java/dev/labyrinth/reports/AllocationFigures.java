package dev.labyrinth.reports;

import java.util.TreeMap;

/**
 * Allocation figures from the trace alone: {@code mm_page_alloc} records counted by their
 * {@code reserve} tier (failures are the {@code failed} tier), the {@code warn_alloc} reports
 * printed and the ones their rate limit suppressed, the {@code might_sleep} reports and the
 * {@code oom_kill}s with their victims.
 */
public final class AllocationFigures {
  private final TreeMap<String, Long> byReserve = new TreeMap<>();
  private long allocations;
  private long mightSleep;
  private long warnAlloc;
  private long warnAllocSuppressed;
  private long oomKills;
  private final StringBuilder oomVictims = new StringBuilder();

  public void accept(TraceEvent e) {
    if (e.name().equals("mm_page_alloc")) {
      allocations++;
      byReserve.merge(e.stringField("reserve", "unknown"), 1L, Long::sum);
    } else if (e.name().equals("might_sleep")) {
      mightSleep++;
    } else if (e.name().equals("warn_alloc")) {
      warnAlloc++;
      warnAllocSuppressed += e.longField("callbacks_suppressed", 0);
    } else if (e.name().equals("oom_kill")) {
      oomKills++;
      if (oomKills <= OOM_VICTIMS_LISTED) {
        oomVictims.append(oomKills == 1 ? "" : ", ").append(e.stringField("victim_comm", "?"))
            .append('-').append(e.longField("victim_pid", -1)).append(" (")
            .append(e.longField("victim_rss_pages", 0)).append(" pages)");
      }
    }
  }

  /** Victims named in the summary; the rest are counted. */
  private static final int OOM_VICTIMS_LISTED = 5;

  public long failures() {
    return byReserve.getOrDefault("failed", 0L);
  }

  public long mightSleep() {
    return mightSleep;
  }

  /** The figures, one per line; empty when the trace has no allocation and no report. */
  public String describe() {
    StringBuilder out = new StringBuilder();
    if (allocations == 0 && mightSleep == 0 && oomKills == 0) {
      return "";
    }
    out.append("allocations: ").append(allocations).append(", failed: ").append(failures())
        .append('\n');
    byReserve.forEach((tier, n) -> out.append("  reserve ").append(tier).append(": ").append(n)
        .append('\n'));
    out.append("warn_alloc (page allocation failure): ").append(warnAlloc).append(" printed, ")
        .append(warnAllocSuppressed).append(" suppressed by the rate limit\n");
    out.append("might_sleep (sleeping function called from invalid context): ").append(mightSleep)
        .append('\n');
    out.append("oom_kill: ").append(oomKills);
    if (oomKills > 0) {
      out.append(" (").append(oomVictims).append(oomKills > OOM_VICTIMS_LISTED ? ", ..." : "")
          .append(')');
    }
    out.append('\n');
    return out.toString();
  }
}
