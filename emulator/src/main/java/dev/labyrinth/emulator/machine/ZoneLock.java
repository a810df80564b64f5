package dev.labyrinth.emulator.machine;

import com.google.common.base.Verify;

/**
 * One zone's {@code zone->lock}, a spinlock, as a queue of hold windows in the order CPUs asked
 * for it. A CPU that asks while the lock is held (or already promised to earlier askers) spins
 * until the last promised window ends, then holds it for its own section.
 *
 * <p>Why windows can be promised in advance: a holder runs with IRQs off and preemption off
 * ({@code spin_lock_irqsave()}), and a spinner too, so nothing on either CPU can stretch a
 * window once it is promised; the wait of a new asker is known the moment it asks.
 *
 * <p>A window is (cpu, start, end) in three parallel {@link LongFifo}s rather than an object:
 * every section a CPU's allocation or free enters asks for one.
 *
 * <p>Simplifications: waiters are served first come, first served, in the simulation's event
 * order (requests of the same nanosecond in the order their events run, which is total) —
 * Linux's queued spinlock is FIFO among the MCS queue too, but the emulation has no cache-line
 * transfer cost, no pending-bit fast path and no NUMA effects.
 */
final class ZoneLock {
  /**
   * Promised windows that have not ended, in order; each starts where the previous ended or
   * later. Window i holds the lock for CPU {@code cpus.get(i)} from {@code startsNs.get(i)} to
   * {@code endsNs.get(i)}.
   */
  private final LongFifo cpus = new LongFifo();
  private final LongFifo startsNs = new LongFifo();
  private final LongFifo endsNs = new LongFifo();

  /**
   * {@code cpu} asks at {@code nowNs} for a hold of {@code holdNs}; returns when its window
   * starts (it holds the lock for {@code holdNs} from then). The CPU that holds the lock at
   * {@code nowNs} is {@link #holderAt} before the call.
   */
  long acquire(int cpu, long nowNs, long holdNs) {
    prune(nowNs);
    long startNs = endsNs.isEmpty() ? nowNs : Math.max(nowNs, endsNs.last());
    long endNs = Math.addExact(startNs, holdNs);
    cpus.addLast(cpu);
    startsNs.addLast(startNs);
    endsNs.addLast(endNs);
    return startNs;
  }

  /** The CPU holding the lock at {@code nowNs}, or -1 when it is free. */
  int holderAt(long nowNs) {
    prune(nowNs);
    return !startsNs.isEmpty() && startsNs.first() <= nowNs ? (int) cpus.first() : -1;
  }

  /** Drops the windows that have ended: a hold ending at {@code nowNs} is over at {@code nowNs}. */
  private void prune(long nowNs) {
    while (!endsNs.isEmpty() && endsNs.first() <= nowNs) {
      cpus.removeFirst();
      startsNs.removeFirst();
      endsNs.removeFirst();
    }
  }

  /** Windows promised and not yet pruned (for tests). */
  int windows() {
    return endsNs.size();
  }

  /** Verifies the windows are in order and never overlap. */
  void checkInvariants(String zone) {
    Verify.verify(cpus.size() == endsNs.size() && startsNs.size() == endsNs.size(),
        "zone %s lock window queues differ in length", zone);
    long prevEndNs = Long.MIN_VALUE;
    for (int i = 0; i < endsNs.size(); i++) {
      long startNs = startsNs.get(i);
      long endNs = endsNs.get(i);
      Verify.verify(startNs >= prevEndNs && endNs >= startNs,
          "zone %s lock windows overlap or run backwards at CPU %s", zone, cpus.get(i));
      prevEndNs = endNs;
    }
  }
}
