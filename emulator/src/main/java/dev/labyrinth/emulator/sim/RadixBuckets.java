package dev.labyrinth.emulator.sim;

import com.google.common.base.Verify;
import java.util.Arrays;
import java.util.function.IntConsumer;
import java.util.function.IntPredicate;

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
 * growable array of (time, slot) pairs appended to at its end. When the queue needs the next
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
  private static final int CAPACITY_INITIAL = 8;
  /** Emptied buckets with room for more entries than this may give their array back. */
  private static final int SHRINK_ABOVE = 256;
  private static final long[] NONE = new long[0];

  private long base;
  /** Bit b % 64 of word b / 64 set when bucket b is non-empty. */
  private final long[] nonEmpty = new long[(COUNT + Long.SIZE - 1) / Long.SIZE];
  /** Bit w set when word w of {@link #nonEmpty} is non-zero: the lowest bucket in two steps. */
  private long nonEmptyWords;
  /** Per bucket, entry j's time at {@code 2j} and slot at {@code 2j+1}; allocated on first use. */
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
  void add(long timeNs, int slot) {
    append(bucketOf(timeNs, base), timeNs, slot);
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
    return entries[bucket][2 * index];
  }

  int slotAt(int bucket, int index) {
    return (int) entries[bucket][2 * index + 1];
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
      long timeNs = e[2 * j];
      if (timeNs < bestTimeNs) {
        bestTimeNs = timeNs;
        best = j;
      }
    }
    return best;
  }

  /**
   * Makes {@code newBase}, the smallest time in {@code bucket}, the base and empties the bucket
   * into lower ones: entries at the new base go to {@code instant} with their keys (read from
   * {@code slots}), the rest by their new highest differing digit. One sequential pass; no entry
   * is compared with another. Entries that land on level 0 are popped soon, so their slots are
   * read now: their cache misses overlap here instead of stalling one pop each. (Carrying key
   * and argument in the entry instead, 32 bytes instead of 16, saved that miss but made every
   * move dearer and the hold model at a million pending events slower.)
   *
   * @return a value to keep alive (the prefetching loads)
   */
  long redistribute(int bucket, long newBase, InstantHeap instant, EventSlots slots) {
    long[] e = entries[bucket];
    int n = counts[bucket];
    counts[bucket] = 0;
    clearBit(bucket);
    size -= n;
    base = newBase;
    long sink = 0;
    for (int j = 0; j < n; j++) {
      long timeNs = e[2 * j];
      int slot = (int) e[2 * j + 1];
      if (timeNs == newBase) {
        instant.add(slots.key(slot), slot);
      } else {
        int to = bucketOf(timeNs, newBase);
        if (to < RADIX) {
          sink ^= slots.touch(slot);
        }
        append(to, timeNs, slot);
        size++;
      }
    }
    if (e.length > 2 * SHRINK_ABOVE && e.length > 16L * Math.max(n, size)) {
      // A burst that grew this bucket has drained; give the memory back. Only large arrays:
      // a small queue's buckets fill and empty all the time, and reallocating them would put
      // garbage back on the event path.
      entries[bucket] = NONE;
    }
    return sink;
  }

  /**
   * Keeps only the entries of {@code bucket} whose slot passes {@code keep}, in their order,
   * releasing the others' slots; returns how many were removed.
   */
  int retain(int bucket, IntPredicate keep, EventSlots slots) {
    long[] e = entries[bucket];
    int n = counts[bucket];
    int kept = 0;
    for (int j = 0; j < n; j++) {
      int slot = (int) e[2 * j + 1];
      if (keep.test(slot)) {
        e[2 * kept] = e[2 * j];
        e[2 * kept + 1] = slot;
        kept++;
      } else {
        slots.release(slot);
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
  int retainAll(IntPredicate keep, EventSlots slots) {
    int removed = 0;
    for (int bucket = 0; bucket < COUNT; bucket++) {
      if (counts[bucket] > 0) {
        removed += retain(bucket, keep, slots);
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
      capacityTotal += e.length / 2;
    }
    if (capacityTotal <= 8L * size + 64L * CAPACITY_INITIAL) {
      // In proportion: leave the arrays, or a queue that compacts often would reallocate the
      // buckets it is about to refill every time.
      return;
    }
    for (int bucket = 0; bucket < COUNT; bucket++) {
      int capacity = entries[bucket].length / 2;
      if (capacity > CAPACITY_INITIAL && capacity > 4 * counts[bucket]) {
        int kept = Math.max(CAPACITY_INITIAL, 2 * counts[bucket]);
        entries[bucket] = Arrays.copyOf(entries[bucket], 2 * kept);
      }
    }
  }

  /** Every used slot, through {@code visit}; for re-keying and checks. */
  void forEachSlot(IntConsumer visit) {
    for (int bucket = 0; bucket < COUNT; bucket++) {
      long[] e = entries[bucket];
      for (int j = 0; j < counts[bucket]; j++) {
        visit.accept((int) e[2 * j + 1]);
      }
    }
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
        long timeNs = entries[bucket][2 * j];
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

  private void append(int bucket, long timeNs, int slot) {
    int n = counts[bucket];
    long[] e = entries[bucket];
    if (2 * n == e.length) {
      e = Arrays.copyOf(e, Math.max(2 * CAPACITY_INITIAL, 2 * e.length));
      entries[bucket] = e;
    }
    e[2 * n] = timeNs;
    e[2 * n + 1] = slot;
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
