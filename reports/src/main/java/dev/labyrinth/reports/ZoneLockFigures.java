package dev.labyrinth.reports;

import com.google.common.collect.ImmutableList;
import java.util.TreeMap;

/**
 * {@code zone->lock} contention from the trace alone: the {@code zone_lock_spin} records, each a
 * CPU that found the lock held and busy-waited {@code wait_ns}, counted per zone and context with
 * their total and longest wait.
 */
public final class ZoneLockFigures {
  /** The spins of one zone in one context (task, softirq, hardirq). */
  public record Row(String zone, String ctx, long spins, long waitTotalNs, long waitMaxNs) {}

  private final TreeMap<String, Row> rows = new TreeMap<>();
  private long spins;
  private long waitTotalNs;
  private long waitMaxNs;

  public void accept(TraceEvent e) {
    if (!e.name().equals("zone_lock_spin")) {
      return;
    }
    long waitNs = e.longField("wait_ns", 0);
    spins++;
    waitTotalNs += waitNs;
    waitMaxNs = Math.max(waitMaxNs, waitNs);
    String zone = e.stringField("zone", "?");
    String ctx = e.stringField("ctx", "?");
    Row r = rows.getOrDefault(zone + " " + ctx, new Row(zone, ctx, 0, 0, 0));
    rows.put(zone + " " + ctx, new Row(zone, ctx, r.spins() + 1, r.waitTotalNs() + waitNs,
        Math.max(r.waitMaxNs(), waitNs)));
  }

  public long spins() {
    return spins;
  }

  public long waitTotalNs() {
    return waitTotalNs;
  }

  public long waitMaxNs() {
    return waitMaxNs;
  }

  /** Per zone and context, sorted by zone name, then context name. */
  public ImmutableList<Row> rows() {
    return ImmutableList.copyOf(rows.values());
  }

  /** One line, then one per zone and context; empty when no CPU spun. */
  public String describe() {
    if (spins == 0) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    out.append("zone_lock_spin: ").append(spins).append(spins == 1 ? " spin, " : " spins, ")
        .append(Durations.format(waitTotalNs)).append(" spinning, longest ")
        .append(Durations.format(waitMaxNs)).append('\n');
    for (Row r : rows.values()) {
      out.append("  zone ").append(r.zone()).append(' ').append(r.ctx()).append(": ")
          .append(r.spins()).append(r.spins() == 1 ? " spin, " : " spins, ")
          .append(Durations.format(r.waitTotalNs())).append(", longest ")
          .append(Durations.format(r.waitMaxNs())).append('\n');
    }
    return out.toString();
  }
}
