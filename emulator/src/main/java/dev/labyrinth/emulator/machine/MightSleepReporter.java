package dev.labyrinth.emulator.machine;

import dev.labyrinth.emulator.mm.Gfp;

/**
 * {@code might_alloc()} -> {@code __might_sleep()} for one CPU: a mask that allows direct
 * reclaim, used where sleeping is invalid, prints Linux's BUG line; the run goes on, as the
 * warning does.
 */
final class MightSleepReporter {
  private final Cpu cpu;
  private final Machine machine;

  MightSleepReporter(Cpu cpu, Machine machine) {
    this.cpu = cpu;
    this.machine = machine;
  }

  /** Checks an allocation with {@code gfpMask} by {@code caller} about to be made now. */
  void check(int gfpMask, Caller caller) {
    if (!Gfp.allowsBlocking(gfpMask)) {
      return;
    }
    int preemptCount = cpu.preemptCount();
    boolean irqsOff = cpu.irqsDisabled();
    if (preemptCount == 0 && !irqsOff) {
      return;
    }
    machine.mightSleepCount++;
    cpu.record("might_sleep", caller.ctx())
        .put("message", "BUG: sleeping function called from invalid context at "
            + "include/linux/sched/mm.h")
        .put("in_atomic", preemptCount != 0 ? 1 : 0)
        .put("irqs_disabled", irqsOff ? 1 : 0)
        .put("non_block", 0)
        .put("preempt_count", Integer.toHexString(preemptCount))
        .put("gfp_flags", Gfp.formatForTrace(gfpMask))
        .end();
  }
}
