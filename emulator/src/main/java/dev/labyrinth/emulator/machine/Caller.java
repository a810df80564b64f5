package dev.labyrinth.emulator.machine;

import dev.labyrinth.emulator.mm.ExecContext;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

/**
 * Who is calling the page allocator, as Linux's allocator can see it from {@code current},
 * {@code preempt_count()} and {@code irqs_disabled()}: what {@link MemoryPort} passes along.
 *
 * @param cpu the CPU the code runs on, or -1 for work no CPU runs (a held block released by a
 *     consumer the model does not emulate)
 * @param ctx task, softirq or hardirq
 * @param comm the current task's name ({@code swapper/N} when the CPU was idle)
 * @param pid the current task's pid (0 for idle)
 * @param irqsDisabled {@code irqs_disabled()}: true in a hardirq handler or after {@code irqs: off}
 * @param pcpLockHeld this CPU's per-CPU page list lock is held by code this call interrupted, so
 *     the allocator's {@code spin_trylock()} on it fails and it must bypass the list
 */
public record Caller(int cpu, ExecContext ctx, String comm, int pid, boolean irqsDisabled,
    boolean pcpLockHeld) {

  /** The caller of frees that no emulated CPU performs. */
  public static final Caller NONE = new Caller(-1, ExecContext.TASK, "", 0, false, false);

  public Caller {
    checkArgument(cpu >= -1, "cpu %s", cpu);
    checkNotNull(ctx, "ctx");
    checkNotNull(comm, "comm");
  }

  /** Whether the caller runs on a CPU (and trace records carry its context prefix). */
  public boolean onCpu() {
    return cpu >= 0;
  }

  /**
   * Linux's "cannot sleep here": interrupt context or IRQs off. This is what the adapter passes
   * as {@code atomicContext} (Linux's {@code !in_task()} plus the IRQs-off case).
   */
  public boolean atomic() {
    return ctx != ExecContext.TASK || irqsDisabled;
  }
}
