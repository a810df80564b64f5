package dev.labyrinth.emulator.mm;

import java.util.Locale;

/**
 * The context code runs in on an emulated CPU, as Linux's {@code in_task()},
 * {@code in_serving_softirq()} and {@code in_hardirq()} tell it apart.
 */
public enum ExecContext {
  TASK,
  SOFTIRQ,
  HARDIRQ;

  private final String traceName = name().toLowerCase(Locale.ROOT);

  /** {@code task}, {@code softirq} or {@code hardirq}, as the trace's {@code ctx} field. */
  public String traceName() {
    return traceName;
  }
}
