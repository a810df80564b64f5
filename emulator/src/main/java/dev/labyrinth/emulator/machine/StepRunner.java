package dev.labyrinth.emulator.machine;

import com.google.common.base.Verify;
import dev.labyrinth.emulator.mm.ExecContext;

/**
 * Runs the zero-time steps of one CPU's programs (handlers, softirq work, tasks) until one needs
 * CPU time: computes, allocations and their per-CPU list lock hold, frees, softirq raises,
 * wake-ups, sleeps, process steps and {@code local_irq_disable()}.
 */
final class StepRunner {
  /** Why {@link #advance} stopped. */
  enum Yield {
    /** The runner needs CPU time: its segment end is scheduled. */
    SEGMENT,
    /** The program ended. */
    DONE,
    /** The task left the CPU (sleeps, waits or blocks). */
    SWITCH
  }

  private final Cpu cpu;
  private final Machine machine;
  private final MightSleepReporter mightSleep;

  StepRunner(Cpu cpu, Machine machine) {
    this.cpu = cpu;
    this.machine = machine;
    this.mightSleep = new MightSleepReporter(cpu, machine);
  }

  /**
   * Runs {@code r}'s zero-time steps until it needs CPU time ({@link Yield#SEGMENT}, the segment
   * end is scheduled), ends ({@link Yield#DONE}) or, as a task, sleeps ({@link Yield#SWITCH}).
   */
  Yield advance(Runner r, ExecContext ctx) {
    if (r.segmentScheduled()) {
      return Yield.SEGMENT;
    }
    while (true) {
      if (r.remainingNs > 0) {
        cpu.scheduleSegment(r, ctx);
        return Yield.SEGMENT;
      }
      if (r.segmentHoldsPcpLock) {
        releasePcp(r);
      }
      if (r.alloc != null) {
        if (continueAlloc(r, ctx)) {
          return Yield.SWITCH;
        }
        continue;
      }
      Task current = cpu.current;
      if (ctx == ExecContext.TASK && r == current.runner && current.oomKilled) {
        return Yield.DONE; // SIGKILL from the OOM killer: exit at this step boundary
      }
      Step s = r.retry != null ? r.retry : r.cursor.next();
      r.retry = null;
      if (s == null) {
        return Yield.DONE;
      }
      if (s instanceof Step.Compute c) {
        r.remainingNs = c.ns();
      } else if (s instanceof Step.Alloc a) {
        r.alloc = a;
        r.allocLeft = a.count();
      } else if (s instanceof Step.Free f) {
        Caller caller = cpu.caller(ctx);
        int n = f.count() == Step.Free.ALL ? r.kept.size() : Math.min(f.count(), r.kept.size());
        for (int i = 0; i < n; i++) {
          long[] b = r.kept.pollOldest();
          machine.port.free(caller, b[0], (int) b[1]);
        }
      } else if (s instanceof Step.RaiseSoftirq rs) {
        Runner work = r.softirqWork == null || r.softirqWork.isEmpty() ? null
            : new Runner(r.softirqWork, r.kept, null);
        cpu.softirqs.raise(rs.vec(), work, ctx);
      } else if (s instanceof Step.Wake w) {
        machine.wake(machine.task(w.task()), cpu);
      } else if (s instanceof Step.Sleep sl) {
        Verify.verify(ctx == ExecContext.TASK, "sleep outside task context");
        current.state = TaskState.SLEEPING;
        machine.wakeAfter(current, sl.ns());
        return Yield.SWITCH;
      } else if (s instanceof Step.Wait w) {
        Verify.verify(ctx == ExecContext.TASK, "wait outside task context");
        current.state = TaskState.SLEEPING;
        machine.wakeAfter(current, w.timeoutNs());
        return Yield.SWITCH;
      } else if (s instanceof Step.Process p) {
        Verify.verify(ctx == ExecContext.TASK, "process step outside task context");
        Yield y = processStep(r, p);
        if (y != null) {
          return y;
        }
      } else if (s instanceof Step.IrqsOff off) {
        Verify.verify(ctx == ExecContext.TASK, "irqs step outside task context");
        current.irqsOff = off.off();
        if (!off.off()) {
          cpu.requestDelivery();
        }
      } else {
        throw new VerifyError("unexpected step " + s);
      }
    }
  }

  /**
   * Runs a process step ({@link Processes}); null to go on with its CPU cost as the next segment,
   * else how the task leaves the CPU (blocked or waiting: the step runs again when it wakes).
   */
  private Yield processStep(Runner r, Step.Process p) {
    Task current = cpu.current;
    Processes.Effect e = machine.processes().run(cpu, current, p.op());
    switch (e.next()) {
      case RUN:
        r.remainingNs = e.ns();
        return null;
      case BLOCK:
        r.retry = p;
        current.state = TaskState.BLOCKED;
        machine.wakeAfter(current, e.ns());
        return Yield.SWITCH;
      case SLEEP:
        r.retry = p;
        current.state = TaskState.SLEEPING;
        return Yield.SWITCH;
      default:
        return Yield.DONE;
    }
  }

  /** Makes the remaining calls of an allocation step; true when the task must block first. */
  private boolean continueAlloc(Runner r, ExecContext ctx) {
    Step.Alloc a = r.alloc;
    Task current = cpu.current;
    while (r.allocLeft > 0) {
      Caller caller = cpu.caller(ctx);
      mightSleep.check(a.gfpMask(), caller);
      AllocOutcome o = machine.port.allocate(caller, a.order(), a.gfpMask());
      if (o.mustBlock() && ctx == ExecContext.TASK && !caller.atomic()) {
        current.state = TaskState.BLOCKED;
        machine.wakeAfter(current, o.blockNs());
        return true;
      }
      if (o.succeeded()) {
        if (a.lru() != null) {
          machine.port.lruAdd(o.pfn(), a.order(), a.lru());
        } else if (a.holdNs() == Step.Alloc.KEEP) {
          r.kept.add(o.pfn(), a.order());
        } else {
          machine.freeAfter(o.pfn(), a.order(), a.holdNs());
        }
      } else {
        machine.allocFailures++;
      }
      r.allocLeft--;
      if (ctx == ExecContext.TASK && current.oomKilled) {
        r.allocLeft = 0; // fatal_signal_pending(): the rest of the step is not made
      }
    }
    r.alloc = null;
    r.remainingNs = a.costNs();
    if (r.remainingNs > 0 && cpu.pcpHolder == null) {
      cpu.pcpHolder = r;
      r.segmentHoldsPcpLock = true;
      if (ctx == ExecContext.TASK) {
        current.preemptDisabled++;
      }
    }
    return false;
  }

  private void releasePcp(Runner r) {
    Verify.verify(cpu.pcpHolder == r,
        "CPU %s: pcp lock released by a runner that does not hold it", cpu.id);
    cpu.pcpHolder = null;
    r.segmentHoldsPcpLock = false;
    if (r == cpu.current.runner) {
      cpu.current.preemptDisabled--;
    }
  }
}
