package dev.labyrinth.emulator.sim;

import com.google.common.base.Verify;
import java.util.Arrays;

/**
 * The payloads of the event queue's pending entries: per slot, the ordering key, the argument
 * and the action of one event.
 *
 * <p>A slot never moves while its event is pending, so the queue's buckets carry (time, slot)
 * pairs of primitives: moving an entry copies 16 bytes and writes no reference (no GC write
 * barrier). Free slots are a stack: the slot freed
 * by a pop is the one the next push takes, while its cache line is still warm (the hold pattern,
 * where each event schedules the next).
 */
final class EventSlots {
  /** Per slot: the key at {@code 2s} and the argument at {@code 2s+1}, on one cache line. */
  private long[] keyArg;
  /** Per slot: the action, or null when the slot is free. */
  private Action[] actions;
  private int[] free;
  private int freeCount;

  EventSlots(int capacity) {
    keyArg = new long[2 * capacity];
    actions = new Action[capacity];
    free = new int[capacity];
    for (int slot = 0; slot < capacity; slot++) {
      free[slot] = capacity - 1 - slot;
    }
    freeCount = capacity;
  }

  /** Stores an event's payload in a free slot, growing when none is free; returns the slot. */
  int take(long key, Action action, long arg) {
    if (freeCount == 0) {
      grow();
    }
    int slot = free[--freeCount];
    keyArg[2 * slot] = key;
    keyArg[2 * slot + 1] = arg;
    actions[slot] = action;
    return slot;
  }

  void release(int slot) {
    actions[slot] = null;
    free[freeCount++] = slot;
  }

  long key(int slot) {
    return keyArg[2 * slot];
  }

  void setKey(int slot, long key) {
    keyArg[2 * slot] = key;
  }

  long arg(int slot) {
    return keyArg[2 * slot + 1];
  }

  Action action(int slot) {
    return actions[slot];
  }

  int capacity() {
    return actions.length;
  }

  int used() {
    return actions.length - freeCount;
  }

  /**
   * Loads the slot's key and action so that their cache lines arrive while other work goes on;
   * returns a value the caller must keep (Java has no prefetch instruction; a kept load is one).
   */
  long touch(int slot) {
    return keyArg[2 * slot] ^ (actions[slot] == null ? 1 : 0);
  }

  /** Doubles the store; only called when every slot is in use, so the new ones are all free. */
  private void grow() {
    int old = actions.length;
    int grown = (int) Math.min(Integer.MAX_VALUE / 2 - 8L, Math.max(16L, 2L * old));
    if (grown <= old) {
      throw new IllegalStateException("event queue full at " + old + " pending events");
    }
    keyArg = Arrays.copyOf(keyArg, 2 * grown);
    actions = Arrays.copyOf(actions, grown);
    free = new int[grown];
    freeCount = 0;
    for (int slot = grown - 1; slot >= old; slot--) {
      free[freeCount++] = slot;
    }
  }

  /**
   * Checks that every slot is either held by exactly one entry (marked in {@code held}, with an
   * action) or free (listed once, without one).
   */
  void checkInvariants(boolean[] held) {
    boolean[] listed = new boolean[actions.length];
    for (int k = 0; k < freeCount; k++) {
      int slot = free[k];
      Verify.verify(!listed[slot], "slot %s listed free twice", slot);
      Verify.verify(!held[slot], "slot %s free and held", slot);
      Verify.verify(actions[slot] == null, "free slot %s keeps an action", slot);
      listed[slot] = true;
    }
    for (int slot = 0; slot < actions.length; slot++) {
      Verify.verify(listed[slot] || held[slot], "slot %s neither free nor held", slot);
      Verify.verify(!held[slot] || actions[slot] != null, "held slot %s has no action", slot);
    }
  }
}
