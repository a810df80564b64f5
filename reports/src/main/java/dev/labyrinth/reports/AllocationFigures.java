package dev.labyrinth.reports;

import java.util.TreeMap;

/**
 * Allocation figures from the trace alone: {@code mm_page_alloc} records counted by their
 * {@code reserve} tier (failures are the {@code failed} tier), and the {@code might_sleep}
 * reports.
 */
public final class AllocationFigures {
  private final TreeMap<String, Long> byReserve = new TreeMap<>();
  private long allocations;
  private long mightSleep;

  public void accept(TraceEvent e) {
    if (e.name().equals("mm_page_alloc")) {
      allocations++;
      byReserve.merge(e.stringField("reserve", "unknown"), 1L, Long::sum);
    } else if (e.name().equals("might_sleep")) {
      mightSleep++;
    }
  }

  public long failures() {
    return byReserve.getOrDefault("failed", 0L);
  }

  public long mightSleep() {
    return mightSleep;
  }

  /** The figures, one per line; empty when the trace has no allocation and no report. */
  public String describe() {
    StringBuilder out = new StringBuilder();
    if (allocations == 0 && mightSleep == 0) {
      return "";
    }
    out.append("allocations: ").append(allocations).append(", failed: ").append(failures())
        .append('\n');
    byReserve.forEach((tier, n) -> out.append("  reserve ").append(tier).append(": ").append(n)
        .append('\n'));
    out.append("might_sleep (sleeping function called from invalid context): ").append(mightSleep)
        .append('\n');
    return out.toString();
  }
}
