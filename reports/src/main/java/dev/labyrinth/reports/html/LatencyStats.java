package dev.labyrinth.reports.html;

import java.util.Arrays;

/**
 * The latencies of one interrupt handler (or softirq action): every value is kept, as a growable
 * {@code long[]}, because exact percentiles need them all; eight bytes per handler run is small
 * next to the trace itself. The histogram uses power-of-two buckets, which is how latency is
 * usually read (and how {@code bpftrace}'s {@code hist()} prints it).
 */
final class LatencyStats {

  /** Bucket 0 holds 0 ns; bucket k holds {@code [2^(k-1), 2^k)} ns. */
  static final int BUCKETS = 64;

  private final String label;
  private final String source;
  private long[] values = new long[16];
  private int size;
  private long unmatched;
  private boolean sorted;

  /**
   * @param label what ran, e.g. {@code irq 24 (eth0)}
   * @param source how its latency is measured, e.g. {@code entry to exit}
   */
  LatencyStats(String label, String source) {
    this.label = label;
    this.source = source;
  }

  void add(long ns) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = Math.max(0, ns);
    sorted = false;
  }

  /** An exit without its entry (or an entry never closed): counted, not measured. */
  void unmatched() {
    unmatched++;
  }

  String label() {
    return label;
  }

  String source() {
    return source;
  }

  long count() {
    return size;
  }

  long unmatchedCount() {
    return unmatched;
  }

  /** The nearest-rank percentile {@code p} (1..100), or 0 without values. */
  long percentile(int p) {
    if (size == 0) {
      return 0;
    }
    sort();
    long rank = ((long) p * size + 99) / 100;
    return values[(int) Math.max(0, Math.min(size - 1, rank - 1))];
  }

  long max() {
    return percentile(100);
  }

  /** How many values fall in each power-of-two bucket. */
  long[] histogram() {
    long[] buckets = new long[BUCKETS];
    for (int i = 0; i < size; i++) {
      buckets[bucket(values[i])]++;
    }
    return buckets;
  }

  /** The bucket of {@code ns}: 0 for 0, else the bit length of the value. */
  static int bucket(long ns) {
    return ns <= 0 ? 0 : Math.min(BUCKETS - 1, 64 - Long.numberOfLeadingZeros(ns));
  }

  private void sort() {
    if (!sorted) {
      Arrays.sort(values, 0, size);
      sorted = true;
    }
  }
}
