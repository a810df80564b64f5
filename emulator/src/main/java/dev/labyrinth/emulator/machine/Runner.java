package dev.labyrinth.emulator.machine;

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

  long remainingNs;
  long segmentEndNs;
  long segmentEventId;
  /** The current segment is an allocation's critical section holding the pcp lock. */
  boolean segmentHoldsPcpLock;
  Step.Alloc alloc;
  int allocLeft;
  /** A process step to run again when the task wakes (it blocked or waits), or null. */
  Step.Process retry;

  Runner(ImmutableList<Step> program, KeptBlocks kept, ImmutableList<Step> softirqWork) {
    this.cursor = new ProgramCursor(program);
    this.kept = kept;
    this.softirqWork = softirqWork;
  }

  boolean segmentScheduled() {
    return segmentEventId != 0;
  }
}
