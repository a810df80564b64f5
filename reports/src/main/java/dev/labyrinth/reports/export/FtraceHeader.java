package dev.labyrinth.reports.export;

/**
 * The comment block {@code /sys/kernel/tracing/trace} starts with for the nop tracer, with the
 * default irq-info option and record-tgid off (kernel/trace/trace.c: {@code print_event_info},
 * {@code print_func_help_header_irq}). Tools that skip {@code #} lines skip all of it.
 */
final class FtraceHeader {

  private FtraceHeader() {}

  static String text(long entries, long cpus) {
    return "# tracer: nop\n"
        + "#\n"
        + "# entries-in-buffer/entries-written: " + entries + "/" + entries + "   #P:" + cpus
        + "\n"
        + "#\n"
        + "#                                _-----=> irqs-off/BH-disabled\n"
        + "#                               / _----=> need-resched\n"
        + "#                              | / _---=> hardirq/softirq\n"
        + "#                              || / _--=> preempt-depth\n"
        + "#                              ||| / _-=> migrate-disable\n"
        + "#                              |||| /     delay\n"
        + "#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION\n"
        + "#              | |         |   |||||     |         |\n";
  }
}
