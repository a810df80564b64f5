package dev.labyrinth.reports;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * Per IRQ line, from the trace alone: delivery latency (the {@code latency_ns} of each
 * {@code irq_handler_entry}) and handler duration (entry to the matching {@code irq_handler_exit}
 * on the same CPU), each as p50, p99 and max. Percentiles are nearest-rank (the smallest value
 * with at least p% of the samples at or below it), exact integers.
 */
public final class IrqLatencies {
  private final TreeMap<Long, Line> lines = new TreeMap<>();
  /** Entry time of the handler running on each CPU, by CPU; -1 when none. */
  private final TreeMap<Long, long[]> openByCpu = new TreeMap<>();

  private static final class Line {
    String name = "";
    final List<Long> latencies = new ArrayList<>();
    final List<Long> durations = new ArrayList<>();
  }

  /** Feeds one record; ignores records other than the irq handler events. */
  public void accept(TraceEvent e) {
    if (e.name().equals("irq_handler_entry")) {
      long irq = e.longField("irq", -1);
      Line line = lines.computeIfAbsent(irq, k -> new Line());
      line.name = e.stringField("name", line.name);
      line.latencies.add(e.longField("latency_ns", 0));
      openByCpu.put(e.longField("cpu", -1), new long[] {irq, e.timeNs()});
    } else if (e.name().equals("irq_handler_exit")) {
      long[] open = openByCpu.remove(e.longField("cpu", -1));
      if (open != null && open[0] == e.longField("irq", -1)) {
        lines.get(open[0]).durations.add(e.timeNs() - open[1]);
      }
    }
  }

  /** Nearest-rank percentile {@code p} (1..100) of {@code values}; 0 when empty. */
  static long percentile(List<Long> values, int p) {
    if (values.isEmpty()) {
      return 0;
    }
    long[] sorted = values.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(sorted);
    int rank = (int) ((p * (long) sorted.length + 99) / 100);
    return sorted[Math.max(rank, 1) - 1];
  }

  /** One line per IRQ, e.g. {@code irq 1 imu: 1000 interrupts, latency p50 0ns ...}. */
  public String describe() {
    StringBuilder out = new StringBuilder();
    lines.forEach((irq, line) -> out.append(String.format(Locale.ROOT,
        "  irq %d %s: %d interrupts; latency p50 %s p99 %s max %s; handler p50 %s p99 %s max %s%n"
            .replace("%n", "\n"),
        irq, line.name, line.latencies.size(),
        Durations.format(percentile(line.latencies, 50)),
        Durations.format(percentile(line.latencies, 99)),
        Durations.format(percentile(line.latencies, 100)),
        Durations.format(percentile(line.durations, 50)),
        Durations.format(percentile(line.durations, 99)),
        Durations.format(percentile(line.durations, 100)))));
    return out.toString();
  }

  public boolean isEmpty() {
    return lines.isEmpty();
  }
}
