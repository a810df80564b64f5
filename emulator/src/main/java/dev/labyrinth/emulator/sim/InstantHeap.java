package dev.labyrinth.emulator.sim;

import com.google.common.base.Verify;
import java.util.Arrays;
import java.util.function.IntUnaryOperator;
import java.util.function.LongPredicate;
import java.util.function.LongUnaryOperator;

/**
 * Bucket 0 of the event queue's radix heap: the pending entries at the current instant, handed
 * out in key order (band, then sequence or its tie-shuffled image).
 *
 * <p>A binary min-heap of (key, argument, action index) entries in one {@code long[]}, root at
 * 0: the whole event, so ordering, the pending check and the pop read nothing else. It is
 * small in practice (the events of one instant), so a plain binary heap is enough; what matters
 * is that it orders by the full key, which makes every rule of the total order hold without
 * special cases: an event pushed for the current instant in a lower band than the one last
 * popped comes next, entries that arrive from the buckets (scheduled before the instant was
 * reached, so with smaller sequence numbers) precede same-band entries pushed at the instant, and
 * audit mode needs nothing but scrambled keys. Keys are unique (the sequence is), so the order is
 * total.
 */
final class InstantHeap {
  private static final int CAPACITY_INITIAL = 16;
  /** Longs per entry: key, argument, action index. */
  private static final int E = 3;

  private long[] heap = new long[E * CAPACITY_INITIAL];
  private int size;

  int size() {
    return size;
  }

  /** The smallest key; only when not empty. */
  long minKey() {
    return heap[0];
  }

  /** The argument of the entry with the smallest key; only when not empty. */
  long minArg() {
    return heap[1];
  }

  /** The action index of the entry with the smallest key; only when not empty. */
  int minAction() {
    return (int) heap[2];
  }

  void add(long key, long arg, int action) {
    if (E * size == heap.length) {
      heap = Arrays.copyOf(heap, 2 * heap.length);
    }
    siftUp(size++, key, arg, action);
  }

  /** Removes the entry with the smallest key; only when not empty. */
  void removeMin() {
    int last = --size;
    if (last > 0) {
      int at = E * last;
      siftDown(0, heap[at], heap[at + 1], heap[at + 2]);
    }
  }

  /** Keeps only the entries whose key passes {@code keep}; returns how many were removed. */
  int retain(LongPredicate keep) {
    int kept = 0;
    for (int i = 0; i < size; i++) {
      if (keep.test(heap[E * i])) {
        if (kept != i) {
          System.arraycopy(heap, E * i, heap, E * kept, E);
        }
        kept++;
      }
    }
    int removed = size - kept;
    size = kept;
    heapify();
    return removed;
  }

  /** Replaces every key by {@code rekey} of it and restores the order; for the audit mode. */
  void rekeyAll(LongUnaryOperator rekey) {
    for (int i = 0; i < size; i++) {
      heap[E * i] = rekey.applyAsLong(heap[E * i]);
    }
    heapify();
  }

  /** Replaces every action index by {@code remap} of it; for the action table. */
  void remapActions(IntUnaryOperator remap) {
    for (int i = 0; i < size; i++) {
      heap[E * i + 2] = remap.applyAsInt((int) heap[E * i + 2]);
    }
  }

  /** Every entry's key and action index, through {@code visit}; for checks. */
  void forEachEntry(RadixBuckets.EntryVisitor visit) {
    for (int i = 0; i < size; i++) {
      visit.accept(heap[E * i], (int) heap[E * i + 2]);
    }
  }

  /** Drops an oversized array once the burst that grew it has gone. */
  void trim() {
    if (heap.length > 64 * E * CAPACITY_INITIAL && heap.length > 8 * E * size) {
      heap = Arrays.copyOf(heap, E * Math.max(CAPACITY_INITIAL, 2 * size));
    }
  }

  /** Verifies the heap order. */
  void checkInvariants() {
    for (int i = 1; i < size; i++) {
      Verify.verify(heap[E * ((i - 1) / 2)] < heap[E * i], "instant heap order broken at %s", i);
    }
  }

  private void siftUp(int hole, long key, long arg, long action) {
    long[] h = heap;
    while (hole > 0) {
      int parent = (hole - 1) >>> 1;
      long parentKey = h[E * parent];
      if (parentKey < key) {
        break;
      }
      h[E * hole] = parentKey;
      h[E * hole + 1] = h[E * parent + 1];
      h[E * hole + 2] = h[E * parent + 2];
      hole = parent;
    }
    h[E * hole] = key;
    h[E * hole + 1] = arg;
    h[E * hole + 2] = action;
  }

  private void siftDown(int hole, long key, long arg, long action) {
    long[] h = heap;
    int end = size;
    while (true) {
      int child = 2 * hole + 1;
      if (child >= end) {
        break;
      }
      if (child + 1 < end && h[E * child + E] < h[E * child]) {
        child++;
      }
      long childKey = h[E * child];
      if (key < childKey) {
        break;
      }
      h[E * hole] = childKey;
      h[E * hole + 1] = h[E * child + 1];
      h[E * hole + 2] = h[E * child + 2];
      hole = child;
    }
    h[E * hole] = key;
    h[E * hole + 1] = arg;
    h[E * hole + 2] = action;
  }

  private void heapify() {
    for (int i = size / 2 - 1; i >= 0; i--) {
      siftDown(i, heap[E * i], heap[E * i + 1], heap[E * i + 2]);
    }
  }
}
