package dev.labyrinth.emulator.machine;

import com.google.common.base.VerifyException;
import com.google.common.collect.ImmutableList;

/**
 * One running program (a handler invocation, a piece of softirq work or a task's program) and
 * its progress: the step cursor, the CPU time left in the current segment, and a partly done
 * allocation step. Only the topmost runner of a CPU has a scheduled segment end.
 */
final class Runner {
  final ProgramCursor cursor;
  final KeptBlocks kept;
  /** The softirq work a {@link Step.RaiseSoftirq} queues, or null. */
  final ImmutableList<Step> softirqWork;
  /** Runners of {@link #softirqWork}, one taken per raise; null when there is no work. */
  final SoftirqWorkPool workPool;
  /** The pool this runner of softirq work goes back to when it ends, or null. */
  final SoftirqWorkPool pool;

  long remainingNs;
  long segmentEndNs;
  long segmentEventId;
  /** The current segment is an allocation's critical section holding the pcp lock. */
  boolean segmentHoldsPcpLock;
  /** The current segment is a {@code zone->lock} section: the spin, then the hold, IRQs off. */
  boolean segmentHoldsZoneLock;
  /**
   * CPU time of the current step that runs after its zone lock sections (the rest of an
   * allocation's pcp critical section, or a process step's cost), set aside while they run.
   */
  long afterZoneLockNs;
  /**
   * The task blocks or sleeps as soon as its pending zone lock sections have run (its call spun
   * and held the lock before it went to sleep), or null.
   */
  TaskState leaveAs;
  /** With {@link #leaveAs}: the wake timer, or 0 for none (a wait for a wake-up). */
  long leaveWakeNs;
  Step.Alloc alloc;
  int allocLeft;
  /** A process step to run again when the task wakes (it blocked or waits), or null. */
  Step.Process retry;

  Runner(ImmutableList<Step> program, KeptBlocks kept, ImmutableList<Step> softirqWork) {
    this(program, kept, softirqWork, null);
  }

  Runner(ImmutableList<Step> program, KeptBlocks kept, ImmutableList<Step> softirqWork,
      SoftirqWorkPool pool) {
    this.cursor = new ProgramCursor(program);
    this.kept = kept;
    this.softirqWork = softirqWork;
    this.workPool = softirqWork == null || softirqWork.isEmpty() ? null
        : new SoftirqWorkPool(softirqWork, kept);
    this.pool = pool;
  }

  /**
   * Rewinds a finished runner to its program's first step with no progress, so an interrupt
   * line's handler reuses one runner for every interrupt instead of building one per delivery
   * (and softirq work is reused through its {@link SoftirqWorkPool}).
   */
  void restart() {
    // Not Verify.verify(boolean, String): without arguments it is the varargs overload, which
    // builds an empty array on every call.
    if (segmentScheduled() || segmentHoldsPcpLock || segmentHoldsZoneLock) {
      throw new VerifyException("restart of a runner that is still running");
    }
    cursor.restart();
    remainingNs = 0;
    segmentEndNs = 0;
    afterZoneLockNs = 0;
    leaveAs = null;
    leaveWakeNs = 0;
    alloc = null;
    allocLeft = 0;
    retry = null;
  }

  boolean segmentScheduled() {
    return segmentEventId != 0;
  }
}
