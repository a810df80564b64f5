package dev.labyrinth.reports.reserves;

import dev.labyrinth.reports.EventContext;
import dev.labyrinth.reports.SoftirqNames;
import dev.labyrinth.reports.TraceEvent;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.TreeMap;

/**
 * Names who made an allocation: in a hardirq, the handler (from the CPU's open
 * {@code irq_handler_entry}); in a softirq, its action; in a task, {@code comm-pid}. The comm in
 * an interrupt's context prefix is the interrupted task, which is not who allocated.
 */
final class Callers {

  private final Map<Integer, Deque<String>> handlersByCpu = new TreeMap<>();
  private final Map<Integer, Deque<String>> softirqsByCpu = new TreeMap<>();

  /** Follows handler entries and exits. */
  void observe(TraceEvent event) {
    int cpu = (int) event.longField("cpu", -1);
    switch (event.name()) {
      case "irq_handler_entry" -> stack(handlersByCpu, cpu).push("irq " + event.longField("irq",
          -1) + " (" + event.stringField("name", "?") + ")");
      case "irq_handler_exit" -> stack(handlersByCpu, cpu).poll();
      case "softirq_entry" -> stack(softirqsByCpu, cpu).push(SoftirqNames.action(event));
      case "softirq_exit" -> stack(softirqsByCpu, cpu).poll();
      default -> { }
    }
  }

  /** The caller of {@code event}, e.g. {@code hardirq irq 2 (imu)} or {@code task stress-12}. */
  String of(TraceEvent event) {
    EventContext where = EventContext.of(event);
    return switch (where.ctx()) {
      case "hardirq" -> "hardirq " + orUnknown(stack(handlersByCpu, where.cpu()).peek());
      case "softirq" -> "softirq " + orUnknown(stack(softirqsByCpu, where.cpu()).peek());
      case "none" -> "no cpu";
      default -> "task " + where.comm() + "-" + where.pid();
    };
  }

  private static String orUnknown(String name) {
    return name == null ? "?" : name;
  }

  private static Deque<String> stack(Map<Integer, Deque<String>> byCpu, int cpu) {
    return byCpu.computeIfAbsent(cpu, c -> new ArrayDeque<>());
  }
}
