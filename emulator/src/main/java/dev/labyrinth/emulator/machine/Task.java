package dev.labyrinth.emulator.machine;

import com.google.common.collect.ImmutableList;

/**
 * A schedulable task: a scenario task, a per-CPU {@code ksoftirqd/N} kernel thread or a CPU's idle
 * task ({@code swapper/N}, pid 0). Tasks are pinned to one CPU (no load balancing).
 */
public final class Task {
  /** {@code p->prio} of a SCHED_NORMAL task at nice 0, as {@code sched_switch} prints it. */
  public static final int DEFAULT_PRIO = 120;

  final String comm;
  final int pid;
  final int cpu;
  final int prio = DEFAULT_PRIO;
  final boolean idle;
  final boolean ksoftirqd;
  final Runner runner;
  final KeptBlocks kept = new KeptBlocks();
  TaskState state = TaskState.SLEEPING;
  /** {@code local_irq_disable()} from this task's program. */
  boolean irqsOff;
  /** Preemption disabled (the pcp lock is held): the scheduler must not switch it out. */
  int preemptDisabled;
  /** A pending sleep/wait timeout or block end, or 0. */
  long wakeEventId;
  long runtimeNs;
  /** Chosen by the OOM killer: exits at its next step boundary. */
  boolean oomKilled;

  Task(String comm, int pid, int cpu, ImmutableList<Step> program, boolean idle,
      boolean ksoftirqd) {
    this.comm = comm;
    this.pid = pid;
    this.cpu = cpu;
    this.idle = idle;
    this.ksoftirqd = ksoftirqd;
    this.runner = new Runner(program, kept, null);
  }

  public String comm() {
    return comm;
  }

  public int pid() {
    return pid;
  }

  public TaskState state() {
    return state;
  }

  /** CPU time this task has run in task context. */
  public long runtimeNs() {
    return runtimeNs;
  }
}
