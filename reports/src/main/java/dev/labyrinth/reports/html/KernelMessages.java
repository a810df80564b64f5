package dev.labyrinth.reports.html;

import dev.labyrinth.reports.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The records a kernel engineer reads first in dmesg: {@code warn_alloc} (page allocation
 * failures), anything whose name mentions {@code bug}, {@code might_sleep}, {@code oom} or
 * {@code warn}. They are listed in trace order, capped, with every field.
 */
final class KernelMessages {

  private final int rowsMax;
  private final List<TraceEvent> shown = new ArrayList<>();
  private long total;

  KernelMessages(int rowsMax) {
    this.rowsMax = rowsMax;
  }

  /** Whether {@code name} is one of the message-like events. */
  static boolean isMessage(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.contains("warn") || lower.contains("bug") || lower.contains("might_sleep")
        || lower.contains("oom");
  }

  void observe(TraceEvent event) {
    if (isMessage(event.name())) {
      total++;
      if (shown.size() < rowsMax) {
        shown.add(event);
      }
    }
  }

  List<TraceEvent> shown() {
    return shown;
  }

  long total() {
    return total;
  }
}
