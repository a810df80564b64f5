package dev.labyrinth.emulator.machine;

import java.util.NoSuchElementException;

/**
 * A first-in first-out queue of {@code long}s in a growable ring: what {@code ArrayDeque<Long>}
 * does without boxing a {@code Long} per element. An interrupt line keeps its requests' raise
 * times here, one push and one pop per interrupt, so the hot path allocates nothing; kept blocks
 * and zone lock sections and windows are queued the same way.
 */
final class LongFifo {
  private long[] ring = new long[4]; // a power of two, so an index wraps with a mask
  private int head;
  private int size;

  boolean isEmpty() {
    return size == 0;
  }

  int size() {
    return size;
  }

  void addLast(long value) {
    if (size == ring.length) {
      grow();
    }
    ring[(head + size) & (ring.length - 1)] = value;
    size++;
  }

  long removeFirst() {
    if (size == 0) {
      throw new NoSuchElementException("empty");
    }
    long value = ring[head];
    head = (head + 1) & (ring.length - 1);
    size--;
    return value;
  }

  /** The oldest element, left in place. */
  long first() {
    return get(0);
  }

  /** The newest element, left in place. */
  long last() {
    return get(size - 1);
  }

  /** The element {@code i} places after the oldest ({@code 0 <= i < size()}), left in place. */
  long get(int i) {
    if (i < 0 || i >= size) {
      throw new NoSuchElementException("index " + i + " of " + size);
    }
    return ring[(head + i) & (ring.length - 1)];
  }

  /** Empties the queue (keeps the ring). */
  void clear() {
    head = 0;
    size = 0;
  }

  /** Doubles the ring, unwrapping it so the oldest element is at index 0. */
  private void grow() {
    long[] bigger = new long[ring.length * 2];
    for (int i = 0; i < size; i++) {
      bigger[i] = ring[(head + i) & (ring.length - 1)];
    }
    ring = bigger;
    head = 0;
  }
}
