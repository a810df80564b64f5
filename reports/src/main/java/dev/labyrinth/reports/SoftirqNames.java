package dev.labyrinth.reports;

/**
 * Softirq action names by vector, as Linux's {@code softirq_to_name} (include/linux/interrupt.h)
 * prints them, for records that carry only {@code vec}.
 */
public final class SoftirqNames {

  private static final String[] NAMES = {"HI", "TIMER", "NET_TX", "NET_RX", "BLOCK", "IRQ_POLL",
      "TASKLET", "SCHED", "HRTIMER", "RCU"};

  private SoftirqNames() {}

  /** The record's {@code action}, else the name of its {@code vec}, else {@code vec<N>}. */
  public static String action(TraceEvent event) {
    long vec = event.longField("vec", -1);
    String fallback = vec >= 0 && vec < NAMES.length ? NAMES[(int) vec] : "vec" + vec;
    return event.stringField("action", fallback);
  }
}
