package dev.labyrinth.reports.export;

/** The {@code cat} of a record, by its tracepoint subsystem, so viewers can filter by it. */
final class ChromeCategories {

  private ChromeCategories() {}

  static String of(String event) {
    if (event.startsWith("irq_") || event.startsWith("softirq_")) {
      return "irq";
    }
    if (event.startsWith("sched_")) {
      return "sched";
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
