package dev.labyrinth.reports;

/**
 * Formats emulated nanoseconds for people, with integer arithmetic only so the text is the same on
 * every machine: {@code 200000000} becomes {@code 200.000000 ms}, in the largest unit that
 * keeps the value at least one.
 */
public final class Durations {

  private Durations() {}

  /** {@code 1234567} becomes {@code 1.234567 ms}; {@code 999} becomes {@code 999 ns}. */
  public static String format(long ns) {
    if (ns < 0) {
      return "-" + format(-ns);
    }
    if (ns < 1_000) {
      return ns + " ns";
    }
    if (ns < 1_000_000) {
      return fixed(ns, 1_000, 3) + " us";
    }
    if (ns < 1_000_000_000) {
      return fixed(ns, 1_000_000, 6) + " ms";
    }
    return fixed(ns, 1_000_000_000, 9) + " s";
  }

  private static String fixed(long ns, long unit, int digits) {
    String fraction = Long.toString(ns % unit);
    return (ns / unit) + "." + "0".repeat(digits - fraction.length()) + fraction;
  }
}
