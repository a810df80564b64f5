package dev.labyrinth.emulator.sim;

import com.google.common.base.Verify;
import java.util.Arrays;
import java.util.function.IntUnaryOperator;
import java.util.function.LongPredicate;
import java.util.function.LongUnaryOperator;

/**
 * The buckets of the event queue's radix heap (Ahuja, Mehlhorn, Orlin and Tarjan, "Faster
 * algorithms for the shortest path problem", J. ACM 37(2), 1990) for the pending entries later
 * than the base time, with the time written in digits of {@value #DIGIT_BITS} bits.
 *
 * <p>An entry at time {@code t > base} lives in the bucket of (level, digit): the level is the
 * highest digit position at which t differs from the base, the digit is t's digit there (larger
 * than the base's). All times of one bucket share the base's digits above the level, so a lower
 * (level, digit) holds only earlier times: the lowest non-empty bucket, found through a two-level
 * bitmap, holds the earliest entries. Within a bucket entries are unordered; a bucket is a
 * growable array of entries (time, key, argument, action index: four {@code long}s, the event
 * whole, so nothing else is read when it is popped) appended to at its end. When the queue needs the next
 * instant it takes the lowest non-empty bucket, finds its minimum time m and calls {@link
 * #redistribute}: the base becomes m, and every entry of the bucket moves to a strictly lower
 * level (those at m to bucket 0, the {@link InstantHeap}), because it now agrees with the base at
 * the old level too. So an entry moves at most once per level, each move a sequential read and an
 * append rather than a heap's cache miss per level. The original radix heap uses one bit per
 * level; wider digits mean fewer levels and so fewer moves per entry (about 10 moves per event
 * with one bit and about 5 with four, in the hold model at a million pending events), at the
 * price of more buckets.
 *
 * <p>Times are signed; digits are taken from the time with its sign bit flipped, so that their
 * unsigned order is the signed order of the times. The base must never pass a time that can still
 * be pushed: the queue moves it only to the time of an event it pops at once.
 */
final class RadixBuckets {
  static final int DIGIT_BITS = 6;
  private static final int RADIX = 1 << DIGIT_BITS;
  private static final int LEVELS = (Long.SIZE + DIGIT_BITS - 1) / DIGIT_BITS;
  private static final int COUNT = LEVELS * RADIX;
  /** Longs per entry: time, key, argument, action index. */
  static final int E = 4;
  private static final int CAPACITY_INITIAL = 8;
  /** Emptied buckets with room for more entries than this may give their array back. */
  private static final int SHRINK_ABOVE = 256;
  private static final long[] NONE = new long[0];

  private long base;
  /** Bit b % 64 of word b / 64 set when bucket b is non-empty. */
  private final long[] nonEmpty = new long[(COUNT + Long.SIZE - 1) / Long.SIZE];
  /** Bit w set when word w of {@link #nonEmpty} is non-zero: the lowest bucket in two steps. */
  private long nonEmptyWords;
  /** Per bucket, entry j at {@code E*j}: time, key, argument, action; allocated on first use. */
  private final long[][] entries = new long[COUNT][];
  private final int[] counts = new int[COUNT];
  private int size;

  RadixBuckets(long base) {
    this.base = base;
    Arrays.fill(entries, NONE);
  }

  long base() {
    return base;
  }

  /** The number of entries in all buckets, live or cancelled. */
  int size() {
    return size;
  }

  /** The bucket of an entry at {@code timeNs}, which is after {@code base}. */
  static int bucketOf(long timeNs, long base) {
    int level = (Long.SIZE - 1 - Long.numberOfLeadingZeros(timeNs ^ base)) / DIGIT_BITS;
    int digit = (int) ((timeNs ^ Long.MIN_VALUE) >>> (level * DIGIT_BITS)) & (RADIX - 1);
    return level * RADIX + digit;
  }

  /** Adds an entry at {@code timeNs}, which must be after the base. */
  void add(long timeNs, long key, long arg, int action) {
    append(bucketOf(timeNs, base), timeNs, key, arg, action);
    size++;
  }

  /** The lowest non-empty bucket, or -1 when all are empty. */
  int lowest() {
    if (nonEmptyWords == 0) {
      return -1;
    }
    int word = Long.numberOfTrailingZeros(nonEmptyWords);
    return word * Long.SIZE + Long.numberOfTrailingZeros(nonEmpty[word]);
  }

  int count(int bucket) {
    return counts[bucket];
  }

  long timeAt(int bucket, int index) {
    return entries[bucket][E * index];
  }

  long keyAt(int bucket, int index) {
    return entries[bucket][E * index + 1];
  }

  /** The index of an entry with the smallest time in a non-empty bucket (one sequential scan). */
  int minIndex(int bucket) {
    if (bucket < RADIX) {
      return 0; // level 0: every entry of the bucket has the same time
    }
    long[] e = entries[bucket];
    int n = counts[bucket];
    int best = 0;
    long bestTimeNs = e[0];
    for (int j = 1; j < n; j++) {
      long timeNs = e[E * j];
      if (timeNs < bestTimeNs) {
        bestTimeNs = timeNs;
        best = j;
      }
    }
    return best;
  }

  /**
   * Makes {@code newBase}, the smallest time in {@code bucket}, the base and empties the bucket
   * into lower ones: entries at the new base go to {@code instant}, the rest by their new highest
   * differing digit. One sequential pass; no entry is compared with another. The entry carries
   * the whole event, so this reads nothing outside the bucket: with a million pending events the
   * former layout, (time, slot) pairs with the payload in slots that never moved, paid a cache
   * miss per popped event on a slot chosen by when it was pushed; without it the hold model at a
   * million pending events runs about 1.6 times as fast (docs/performance.md).
   */
  void redistribute(int bucket, long newBase, InstantHeap instant) {
    long[] e = entries[bucket];
    int n = counts[bucket];
    counts[bucket] = 0;
    clearBit(bucket);
    size -= n;
    base = newBase;
    for (int j = 0; j < n; j++) {
      int at = E * j;
      long timeNs = e[at];
      if (timeNs == newBase) {
        instant.add(e[at + 1], e[at + 2], (int) e[at + 3]);
      } else {
        append(bucketOf(timeNs, newBase), timeNs, e[at + 1], e[at + 2], (int) e[at + 3]);
        size++;
      }
    }
    if (e.length > E * SHRINK_ABOVE && e.length > 16L * E * Math.max(n, size)) {
      // A burst that grew this bucket has drained; give the memory back. Only large arrays:
      // a small queue's buckets fill and empty all the time, and reallocating them would put
      // garbage back on the event path.
      entries[bucket] = NONE;
    }
  }

  /**
   * Keeps only the entries of {@code bucket} whose key passes {@code keep}, in their order;
   * returns how many were removed.
   */
  int retain(int bucket, LongPredicate keep) {
    long[] e = entries[bucket];
    int n = counts[bucket];
    int kept = 0;
    for (int j = 0; j < n; j++) {
      if (keep.test(e[E * j + 1])) {
        if (kept != j) {
          System.arraycopy(e, E * j, e, E * kept, E);
        }
        kept++;
      }
    }
    counts[bucket] = kept;
    if (kept == 0 && n > 0) {
      clearBit(bucket);
    }
    size -= n - kept;
    return n - kept;
  }

  /** Every bucket through {@link #retain}; returns how many entries were removed. */
  int retainAll(LongPredicate keep) {
    int removed = 0;
    for (int bucket = 0; bucket < COUNT; bucket++) {
      if (counts[bucket] > 0) {
        removed += retain(bucket, keep);
      }
    }
    return removed;
  }

  /**
   * Shrinks bucket arrays far larger than their contents when all of them together are out of
   * proportion to the entries (after compaction), so memory follows the pending events instead
   * of their peak.
   */
  void trim() {
    long capacityTotal = 0;
    for (long[] e : entries) {
      capacityTotal += e.length / E;
    }
    if (capacityTotal <= 8L * size + 64L * CAPACITY_INITIAL) {
      // In proportion: leave the arrays, or a queue that compacts often would reallocate the
      // buckets it is about to refill every time.
      return;
    }
    for (int bucket = 0; bucket < COUNT; bucket++) {
      int capacity = entries[bucket].length / E;
      if (capacity > CAPACITY_INITIAL && capacity > 4 * counts[bucket]) {
        int kept = Math.max(CAPACITY_INITIAL, 2 * counts[bucket]);
        entries[bucket] = Arrays.copyOf(entries[bucket], E * kept);
      }
    }
  }

  /** Replaces every entry's key by {@code rekey} of it; for the tie-shuffle audit mode. */
  void rekeyAll(LongUnaryOperator rekey) {
    for (int bucket = 0; bucket < COUNT; bucket++) {
      long[] e = entries[bucket];
      for (int j = 0; j < counts[bucket]; j++) {
        e[E * j + 1] = rekey.applyAsLong(e[E * j + 1]);
      }
    }
  }

  /** Replaces every entry's action index by {@code remap} of it; for the action table. */
  void remapActions(IntUnaryOperator remap) {
    for (int bucket = 0; bucket < COUNT; bucket++) {
      long[] e = entries[bucket];
      for (int j = 0; j < counts[bucket]; j++) {
        e[E * j + 3] = remap.applyAsInt((int) e[E * j + 3]);
      }
    }
  }

  /** Every entry's key and action index, through {@code visit}; for checks. */
  void forEachEntry(EntryVisitor visit) {
    for (int bucket = 0; bucket < COUNT; bucket++) {
      long[] e = entries[bucket];
      for (int j = 0; j < counts[bucket]; j++) {
        visit.accept(e[E * j + 1], (int) e[E * j + 3]);
      }
    }
  }

  /** Receives an entry's key and action index. */
  interface EntryVisitor {
    void accept(long key, int action);
  }

  /** Verifies each entry's bucket for the base, the bitmaps and the count. */
  void checkInvariants() {
    int total = 0;
    for (int bucket = 0; bucket < COUNT; bucket++) {
      int n = counts[bucket];
      total += n;
      Verify.verify(
          ((nonEmpty[bucket >>> 6] >>> bucket) & 1) == (n > 0 ? 1 : 0), "bucket mask stale at %s",
          bucket);
      for (int j = 0; j < n; j++) {
        long timeNs = entries[bucket][E * j];
        Verify.verify(timeNs > base, "bucket %s entry %s at %s ns not after base %s ns", bucket, j,
            timeNs, base);
        Verify.verify(bucketOf(timeNs, base) == bucket, "entry at %s ns in bucket %s for base %s",
            timeNs, bucket, base);
      }
    }
    for (int word = 0; word < nonEmpty.length; word++) {
      Verify.verify(((nonEmptyWords >>> word) & 1) == (nonEmpty[word] != 0 ? 1 : 0),
          "summary bit stale at word %s", word);
    }
    Verify.verify(total == size, "buckets hold %s entries, size says %s", total, size);
  }

  private void append(int bucket, long timeNs, long key, long arg, int action) {
    int n = counts[bucket];
    long[] e = entries[bucket];
    int at = E * n;
    if (at == e.length) {
      e = Arrays.copyOf(e, Math.max(E * CAPACITY_INITIAL, 2 * e.length));
      entries[bucket] = e;
    }
    e[at] = timeNs;
    e[at + 1] = key;
    e[at + 2] = arg;
    e[at + 3] = action;
    counts[bucket] = n + 1;
    if (n == 0) {
      int word = bucket >>> 6;
      nonEmpty[word] |= 1L << bucket;
      nonEmptyWords |= 1L << word;
    }
  }

  private void clearBit(int bucket) {
    int word = bucket >>> 6;
    long bits = nonEmpty[word] & ~(1L << bucket);
    nonEmpty[word] = bits;
    if (bits == 0) {
      nonEmptyWords &= ~(1L << word);
    }
  }
}
