package dev.labyrinth.reports.html;

import dev.labyrinth.reports.SoftirqNames;
import dev.labyrinth.reports.TraceEvent;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-IRQ and per-softirq latency. A hardirq's latency is the {@code latency_ns} field of its
 * {@code irq_handler_entry} when the trace has one (the delay from raising the line to running the
 * handler, which is what a sensor driver cares about); otherwise the handler's duration from entry
 * to exit on the same CPU. Softirqs are measured entry to exit. Entries and exits are paired per
 * CPU with a stack, because handlers nest.
 */
final class HandlerLatencies {

  private record Open(String key, long timeNs) {}

  private final Map<String, LatencyStats> byKey = new TreeMap<>();
  private final Map<Long, Deque<Open>> openByCpu = new TreeMap<>();

  void observe(TraceEvent event) {
    long cpu = event.longField("cpu", -1);
    switch (event.name()) {
      case "irq_handler_entry" -> {
        long irq = event.longField("irq", -1);
        String key = String.format(java.util.Locale.ROOT, "0 %012d %s", irq,
            event.stringField("name", "?"));
        String label = "irq " + irq + " (" + event.stringField("name", "?") + ")";
        if (event.fields().get("latency_ns") instanceof Long latencyNs) {
          stats(key, label, "latency_ns (raise to handler entry)").add(latencyNs);
          open(cpu).push(new Open(null, event.timeNs()));
        } else {
          stats(key, label, "handler duration (entry to exit)");
          open(cpu).push(new Open(key, event.timeNs()));
        }
      }
      case "softirq_entry" -> {
        String action = SoftirqNames.action(event);
        String key = "1 " + action;
        stats(key, "softirq " + action, "softirq duration (entry to exit)");
        open(cpu).push(new Open(key, event.timeNs()));
      }
      case "irq_handler_exit", "softirq_exit" -> close(cpu, event);
      default -> { }
    }
  }

  private void close(long cpu, TraceEvent event) {
    Open top = open(cpu).poll();
    if (top == null) {
      return;
    }
    if (top.key() != null) {
      byKey.get(top.key()).add(event.timeNs() - top.timeNs());
    }
  }

  private LatencyStats stats(String key, String label, String source) {
    return byKey.computeIfAbsent(key, k -> new LatencyStats(label, source));
  }

  private Deque<Open> open(long cpu) {
    return openByCpu.computeIfAbsent(cpu, c -> new ArrayDeque<>());
  }

  /** Hardirqs by line number, then softirqs by action. */
  Iterable<LatencyStats> all() {
    return byKey.values();
  }

  /** Handlers still running at the end of the trace are counted as unmatched. */
  void finish() {
    openByCpu.values().forEach(stack -> {
      for (Open open : stack) {
        if (open.key() != null) {
          byKey.get(open.key()).unmatched();
        }
      }
    });
  }
}
