package dev.labyrinth.emulator.mm;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

/**
 * Who is calling the page allocator: the CPU, its context and the current task. The allocator
 * never asks; the caller passes this, as Linux code implicitly passes {@code current} and the
 * preempt count. Trace records of the call carry {@code cpu, ctx, comm, pid} right after
 * {@code ev}.
 *
 * @param cpu the CPU the code runs on, 0..cpus-1; or {@link #NO_CPU} for callers outside any
 *     emulated CPU (tests, boot): no trace prefix and no per-CPU lists (as Linux's boot pageset,
 *     whose high is 0, never caches)
 * @param ctx task, softirq or hardirq
 * @param comm the current task's name; in interrupt context the interrupted task's
 * @param pid the current task's pid (0 for the idle task)
 * @param irqsDisabled the code runs with local interrupts disabled (atomic even in task context)
 */
public record AllocContext(int cpu, ExecContext ctx, String comm, int pid, boolean irqsDisabled) {
  /** {@link #cpu} of a caller that runs on no emulated CPU. */
  public static final int NO_CPU = -1;

  /** A task-context caller on no CPU (tests, boot work). */
  public static final AllocContext NONE_TASK =
      new AllocContext(NO_CPU, ExecContext.TASK, "swapper/0", 0, false);
  /** An atomic caller on no CPU. */
  public static final AllocContext NONE_ATOMIC =
      new AllocContext(NO_CPU, ExecContext.HARDIRQ, "swapper/0", 0, false);

  public AllocContext {
    checkArgument(cpu >= NO_CPU, "cpu %s below -1", cpu);
    checkNotNull(ctx, "ctx");
    checkNotNull(comm, "comm");
    checkArgument(pid >= 0, "pid %s below 0", pid);
  }

  /** A task-context caller with interrupts enabled. */
  public static AllocContext task(int cpu, String comm, int pid) {
    return new AllocContext(cpu, ExecContext.TASK, comm, pid, false);
  }

  /** Interrupt-context code ({@code ctx} SOFTIRQ or HARDIRQ) interrupting {@code comm}/{@code pid}. */
  public static AllocContext irq(int cpu, ExecContext ctx, String comm, int pid) {
    checkArgument(ctx != ExecContext.TASK, "irq context needs SOFTIRQ or HARDIRQ");
    return new AllocContext(cpu, ctx, comm, pid, ctx == ExecContext.HARDIRQ);
  }

  /** Cannot sleep: interrupt context or interrupts disabled (Linux: {@code !in_task()} et al.). */
  public boolean atomic() {
    return ctx != ExecContext.TASK || irqsDisabled;
  }

  /** Whether the caller runs on an emulated CPU. */
  public boolean onCpu() {
    return cpu != NO_CPU;
  }
}
