package dev.labyrinth.reports.export;

/**
 * The {@code cat} of a record, by its tracepoint subsystem, so viewers can filter by it;
 * injected faults ({@code fault_inject}) get their own, so they stand out.
 */
final class ChromeCategories {

  private ChromeCategories() {}

  static String of(String event) {
    if (event.startsWith("irq_") || event.startsWith("softirq_")) {
      return "irq";
    }
    if (event.startsWith("sched_")) {
      return "sched";
    }
    if (event.equals("fault_inject")) {
      return "fault";
    }
    if (event.startsWith("mm_vmscan_")) {
      return "vmscan";
    }
    if (event.startsWith("mm_")) {
      return "mm";
    }
    return "labyrinth";
  }
}
