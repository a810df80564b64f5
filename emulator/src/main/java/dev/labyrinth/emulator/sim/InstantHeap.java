package dev.labyrinth.emulator.sim;

import com.google.common.base.Verify;
import java.util.Arrays;
import java.util.function.IntConsumer;
import java.util.function.IntPredicate;

/**
 * Bucket 0 of the event queue's radix heap: the pending entries at the current instant, handed
 * out in key order (band, then sequence or its tie-shuffled image).
 *
 * <p>A binary min-heap of (key, slot) pairs in one {@code long[]}, root at 0; the key is kept
 * beside the slot, so ordering and the pending check do not read the slot. It is
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
  /** Longs per entry: key, slot. */
  private static final int E = 2;

  private long[] heap = new long[E * CAPACITY_INITIAL];
  private int size;

  int size() {
    return size;
  }

  /** The smallest key; only when not empty. */
  long minKey() {
    return heap[0];
  }

  /** The slot of the entry with the smallest key; only when not empty. */
  int minSlot() {
    return (int) heap[1];
  }

  void add(long key, int slot) {
    if (E * size == heap.length) {
      heap = Arrays.copyOf(heap, 2 * heap.length);
    }
    siftUp(size++, key, slot);
  }

  /** Removes the entry with the smallest key; only when not empty. */
  void removeMin() {
    int last = --size;
    if (last > 0) {
      siftDown(0, heap[E * last], heap[E * last + 1]);
    }
  }

  /**
   * Keeps only the entries whose slot passes {@code keep}, releasing the others' slots into
   * {@code slots}; returns how many were removed.
   */
  int retain(IntPredicate keep, EventSlots slots) {
    int kept = 0;
    for (int i = 0; i < size; i++) {
      int slot = (int) heap[E * i + 1];
      if (keep.test(slot)) {
        heap[E * kept] = heap[E * i];
        heap[E * kept + 1] = slot;
        kept++;
      } else {
        slots.release(slot);
      }
    }
    int removed = size - kept;
    size = kept;
    heapify();
    return removed;
  }

  /** Every entry's slot through {@code visit}; for re-keying and checks. */
  void forEachSlot(IntConsumer visit) {
    for (int i = 0; i < size; i++) {
      visit.accept((int) heap[E * i + 1]);
    }
  }

  /** Reloads every key from its slot (after the keys were rewritten) and restores the order. */
  void reloadKeys(EventSlots slots) {
    for (int i = 0; i < size; i++) {
      heap[E * i] = slots.key((int) heap[E * i + 1]);
    }
    heapify();
  }

  /** Drops an oversized array once the burst that grew it has gone. */
  void trim() {
    if (heap.length > 64 * E * CAPACITY_INITIAL && heap.length > 8 * E * size) {
      heap = Arrays.copyOf(heap, E * Math.max(CAPACITY_INITIAL, 2 * size));
    }
  }

  /** Verifies the heap order and that each stored key equals its slot's key. */
  void checkInvariants(EventSlots slots) {
    for (int i = 0; i < size; i++) {
      Verify.verify(slots.key((int) heap[E * i + 1]) == heap[E * i],
          "instant entry %s: key differs from its slot's", i);
      if (i > 0) {
        Verify.verify(heap[E * ((i - 1) / 2)] < heap[E * i], "instant heap order broken at %s",
            i);
      }
    }
  }

  private void siftUp(int hole, long key, long slot) {
    long[] h = heap;
    while (hole > 0) {
      int parent = (hole - 1) >>> 1;
      long parentKey = h[E * parent];
      if (parentKey < key) {
        break;
      }
      h[E * hole] = parentKey;
      h[E * hole + 1] = h[E * parent + 1];
      hole = parent;
    }
    h[E * hole] = key;
    h[E * hole + 1] = slot;
  }

  private void siftDown(int hole, long key, long slot) {
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
      hole = child;
    }
    h[E * hole] = key;
    h[E * hole + 1] = slot;
  }

  private void heapify() {
    for (int i = size / 2 - 1; i >= 0; i--) {
      siftDown(i, heap[E * i], heap[E * i + 1]);
    }
  }
}
