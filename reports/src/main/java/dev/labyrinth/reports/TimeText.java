package dev.labyrinth.reports;

/**
 * Renders integer nanoseconds as the decimal texts that exports need, with integer arithmetic
 * only: a double would round differently from one JVM or value to the next, and the exports must
 * be the same bytes everywhere.
 */
public final class TimeText {

  private TimeText() {}

  /**
   * Microseconds with three decimals, exactly: {@code 1234567} ns becomes {@code 1234.567}. This
   * is what Chrome's {@code ts} and {@code dur} (microseconds) need without losing nanoseconds.
   */
  public static String micros(long ns) {
    if (ns < 0) {
      // Not -ns: that overflows for Long.MIN_VALUE (a hostile trace's time); negate the parts.
      return "-" + -(ns / 1_000) + "." + pad(-(ns % 1_000), 3);
    }
    return (ns / 1_000) + "." + pad(ns % 1_000, 3);
  }

  /**
   * The tracefs timestamp {@code " %5lu.%06lu"} without its leading space: seconds padded to five
   * characters, then microseconds. Like the kernel's {@code ns2usecs}, it rounds to the nearest
   * microsecond (adds 500 ns, then divides).
   */
  public static String ftraceSeconds(long ns) {
    long clamped = Math.max(ns, 0);
    // Rounds without adding first, so Long.MAX_VALUE (a hostile trace's time) cannot overflow.
    long us = clamped / 1_000 + (clamped % 1_000 >= 500 ? 1 : 0);
    String seconds = Long.toString(us / 1_000_000);
    return " ".repeat(Math.max(0, 5 - seconds.length())) + seconds + "." + pad(us % 1_000_000, 6);
  }

  private static String pad(long value, int digits) {
    String text = Long.toString(value);
    return "0".repeat(Math.max(0, digits - text.length())) + text;
  }
}
