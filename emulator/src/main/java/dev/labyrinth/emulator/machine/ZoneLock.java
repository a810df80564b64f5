package dev.labyrinth.emulator.machine;

import com.google.common.base.Verify;
import java.util.ArrayDeque;

/**
 * One zone's {@code zone->lock}, a spinlock, as a queue of hold windows in the order CPUs asked
 * for it. A CPU that asks while the lock is held (or already promised to earlier askers) spins
 * until the last promised window ends, then holds it for its own section.
 *
 * <p>Why windows can be promised in advance: a holder runs with IRQs off and preemption off
 * ({@code spin_lock_irqsave()}), and a spinner too, so nothing on either CPU can stretch a
 * window once it is promised; the wait of a new asker is known the moment it asks.
 *
 * <p>Simplifications: waiters are served first come, first served, in the simulation's event
 * order (requests of the same nanosecond in the order their events run, which is total) —
 * Linux's queued spinlock is FIFO among the MCS queue too, but the emulation has no cache-line
 * transfer cost, no pending-bit fast path and no NUMA effects.
 */
final class ZoneLock {
  /** A promised hold: {@code cpu} holds the lock from {@code startNs} to {@code endNs}. */
  record Window(int cpu, long startNs, long endNs) {}

  /** Promised windows that have not ended, in order; each starts where the previous ended or later. */
  private final ArrayDeque<Window> windows = new ArrayDeque<>();

  /**
   * {@code cpu} asks at {@code nowNs} for a hold of {@code holdNs}; returns the window it gets.
   * The CPU that holds the lock at {@code nowNs} is {@link #holderAt} before the call.
   */
  Window acquire(int cpu, long nowNs, long holdNs) {
    prune(nowNs);
    long startNs = windows.isEmpty() ? nowNs : Math.max(nowNs, windows.peekLast().endNs());
    Window w = new Window(cpu, startNs, Math.addExact(startNs, holdNs));
    windows.addLast(w);
    return w;
  }

  /** The CPU holding the lock at {@code nowNs}, or -1 when it is free. */
  int holderAt(long nowNs) {
    prune(nowNs);
    Window first = windows.peekFirst();
    return first != null && first.startNs() <= nowNs ? first.cpu() : -1;
  }

  /** Drops the windows that have ended: a hold ending at {@code nowNs} is over at {@code nowNs}. */
  private void prune(long nowNs) {
    while (!windows.isEmpty() && windows.peekFirst().endNs() <= nowNs) {
      windows.pollFirst();
    }
  }

  /** Verifies the windows are in order and never overlap. */
  void checkInvariants(String zone) {
    long prevEndNs = Long.MIN_VALUE;
    for (Window w : windows) {
      Verify.verify(w.startNs() >= prevEndNs && w.endNs() >= w.startNs(),
          "zone %s lock windows overlap or run backwards at CPU %s", zone, w.cpu());
      prevEndNs = w.endNs();
    }
  }
}
