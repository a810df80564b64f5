package dev.labyrinth.emulator.machine;

import java.util.Locale;

/**
 * The context code runs in on a CPU, as Linux's {@code in_task()}, {@code in_serving_softirq()}
 * and {@code in_hardirq()} tell them apart. The trace's {@code ctx} field spells it in lowercase.
 */
public enum ExecContext {
  TASK,
  SOFTIRQ,
  HARDIRQ;

  private final String traceName = name().toLowerCase(Locale.ROOT);

  /** {@code task}, {@code softirq} or {@code hardirq}. */
  public String traceName() {
    return traceName;
  }
}
