package dev.labyrinth.reports.html;

/**
 * Downsamples a series to one pixel column per slice of time by keeping, for each column, its
 * minimum and its maximum in the order they occurred. A chart drawn from these points looks like
 * the full series at that width, and a single-sample spike is never lost: it is its column's
 * extreme. Memory is fixed by the width, whatever the number of samples.
 */
final class MinMaxColumns {

  private final long endNs;
  private final int columns;
  private final long[] min;
  private final long[] max;
  private final long[] minOrder;
  private final long[] maxOrder;
  private final long[] lastInColumn;
  private final boolean[] used;
  private long samples;
  private long last = Long.MIN_VALUE;

  /**
   * @param endNs the last time that will be sampled (times are clamped to {@code [0, endNs]})
   * @param columns the number of pixel columns
   */
  MinMaxColumns(long endNs, int columns) {
    this.endNs = Math.max(endNs, 1);
    this.columns = columns;
    this.min = new long[columns];
    this.max = new long[columns];
    this.minOrder = new long[columns];
    this.maxOrder = new long[columns];
    this.lastInColumn = new long[columns];
    this.used = new boolean[columns];
  }

  /** The column that {@code timeNs} falls in. */
  int column(long timeNs) {
    long clamped = Math.max(0, Math.min(endNs, timeNs));
    // (clamped * columns) / (endNs + 1) without overflow for any long time.
    return (int) Math.min(columns - 1L, multiplyDivide(clamped, columns, endNs + 1));
  }

  /** Adds one sample. */
  void add(long timeNs, long value) {
    int c = column(timeNs);
    long order = samples++;
    last = value;
    lastInColumn[c] = value;
    if (!used[c]) {
      used[c] = true;
      min[c] = value;
      max[c] = value;
      minOrder[c] = order;
      maxOrder[c] = order;
      return;
    }
    if (value < min[c]) {
      min[c] = value;
      minOrder[c] = order;
    }
    if (value > max[c]) {
      max[c] = value;
      maxOrder[c] = order;
    }
  }

  /** The last value added, {@link Long#MIN_VALUE} if none. */
  long last() {
    return last;
  }

  boolean isEmpty() {
    return samples == 0;
  }

  int columns() {
    return columns;
  }

  /** Whether column {@code c} has samples. */
  boolean used(int c) {
    return used[c];
  }

  /** Column {@code c}'s first extreme in time order (its min or its max). */
  long first(int c) {
    return minOrder[c] <= maxOrder[c] ? min[c] : max[c];
  }

  /** Column {@code c}'s second extreme in time order. */
  long second(int c) {
    return minOrder[c] <= maxOrder[c] ? max[c] : min[c];
  }

  /** Column {@code c}'s last sample, where the series stands when the next column begins. */
  long lastOf(int c) {
    return lastInColumn[c];
  }

  long min(int c) {
    return min[c];
  }

  long max(int c) {
    return max[c];
  }

  /** The largest value in any column, {@code fallback} when empty. */
  long overallMax(long fallback) {
    long best = fallback;
    for (int c = 0; c < columns; c++) {
      if (used[c]) {
        best = Math.max(best, max[c]);
      }
    }
    return best;
  }

  /** {@code a * b / c} rounded down, exact for non-negative inputs that fit a long result. */
  static long multiplyDivide(long a, long b, long c) {
    if (b == 0 || a <= Long.MAX_VALUE / b) {
      return a * b / c;
    }
    return java.math.BigInteger.valueOf(a).multiply(java.math.BigInteger.valueOf(b))
        .divide(java.math.BigInteger.valueOf(c)).longValueExact();
  }
}
