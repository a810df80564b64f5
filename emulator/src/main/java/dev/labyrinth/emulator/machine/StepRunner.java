package dev.labyrinth.emulator.machine;

import com.google.common.base.Verify;
import com.google.common.base.VerifyException;
import dev.labyrinth.emulator.mm.ExecContext;

/**
 * Runs the zero-time steps of one CPU's programs (handlers, softirq work, tasks) until one needs
 * CPU time: computes, allocations and their per-CPU list lock hold, frees, softirq raises,
 * wake-ups, sleeps, process steps and {@code local_irq_disable()}.
 *
 * <p>The {@code zone->lock} sections a step's allocator calls entered ({@link ZoneLocks}) run
 * right after the calls, one segment each (spin, then hold, with IRQs off as
 * {@code spin_lock_irqsave()} has them), before the rest of the step's CPU time: an allocation
 * refills its per-CPU list under the zone lock inside its pcp critical section, as
 * {@code rmqueue_pcplist()} -> {@code rmqueue_bulk()} does. Simplifications: the allocator's
 * lists change at the call; only the time of the lock is emulated afterwards. The sections of one
 * step run back to back, so an interrupt waits for the last of them (Linux has IRQs on for a
 * moment between two calls).
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
  private final ZoneLocks zoneLocks;

  StepRunner(Cpu cpu, Machine machine) {
    this.cpu = cpu;
    this.machine = machine;
    this.mightSleep = new MightSleepReporter(cpu, machine);
    this.zoneLocks = machine.zoneLocks;
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
      if (!r.segmentHoldsZoneLock && zoneLocks.pending(cpu.id)) {
        r.afterZoneLockNs += r.remainingNs; // the sections come first
        r.remainingNs = 0;
        enterZoneLock(r, ctx);
      }
      if (r.remainingNs > 0) {
        cpu.scheduleSegment(r, ctx);
        return Yield.SEGMENT;
      }
      if (r.segmentHoldsZoneLock) {
        releaseZoneLock(r);
        continue;
      }
      if (r.afterZoneLockNs > 0) {
        r.remainingNs = r.afterZoneLockNs;
        r.afterZoneLockNs = 0;
        continue;
      }
      if (r.leaveAs != null) {
        TaskState state = r.leaveAs;
        r.leaveAs = null;
        return leave(state, r.leaveWakeNs);
      }
      if (r.segmentHoldsPcpLock) {
        releasePcp(r);
      }
      if (r.alloc != null) {
        if (continueAlloc(r, ctx)) {
          return Yield.SWITCH;
        }
        continue; // with leaveAs set, its zone lock sections run first, then the task blocks
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
          long b = r.kept.pollOldest();
          machine.port.free(caller, KeptBlocks.pfnOf(b), KeptBlocks.orderOf(b));
        }
      } else if (s instanceof Step.RaiseSoftirq rs) {
        Runner work = r.workPool == null ? null : r.workPool.take();
        cpu.softirqs.raise(rs.vec(), work, ctx);
      } else if (s instanceof Step.Wake w) {
        machine.wake(machine.task(w.task()), cpu);
      } else if (s instanceof Step.Sleep sl) {
        requireTask(ctx, "sleep");
        current.state = TaskState.SLEEPING;
        machine.wakeAfter(current, sl.ns());
        return Yield.SWITCH;
      } else if (s instanceof Step.Wait w) {
        requireTask(ctx, "wait");
        current.state = TaskState.SLEEPING;
        machine.wakeAfter(current, w.timeoutNs());
        return Yield.SWITCH;
      } else if (s instanceof Step.Process p) {
        requireTask(ctx, "process step");
        Yield y = processStep(r, p);
        if (y != null) {
          return y;
        }
      } else if (s instanceof Step.IrqsOff off) {
        requireTask(ctx, "irqs step");
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
   * Throws unless {@code ctx} is task context. Not {@code Verify.verify(boolean, String)}: without
   * message arguments that is the varargs overload, which builds an empty array per call.
   */
  private static void requireTask(ExecContext ctx, String step) {
    if (ctx != ExecContext.TASK) {
      throw new VerifyException(step + " outside task context");
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
        return leaveAfterZoneLocks(r, TaskState.BLOCKED, e.ns());
      case SLEEP:
        r.retry = p;
        return leaveAfterZoneLocks(r, TaskState.SLEEPING, 0);
      default:
        return Yield.DONE;
    }
  }

  /**
   * The task leaves the CPU as {@code state}, woken after {@code wakeNs} when that is &gt; 0;
   * first, when its calls entered zone lock sections, it runs them (null: go on stepping).
   */
  private Yield leaveAfterZoneLocks(Runner r, TaskState state, long wakeNs) {
    if (!zoneLocks.pending(cpu.id)) {
      return leave(state, wakeNs);
    }
    r.leaveAs = state;
    r.leaveWakeNs = wakeNs;
    return null;
  }

  private Yield leave(TaskState state, long wakeNs) {
    Task current = cpu.current;
    current.state = state;
    if (wakeNs > 0) {
      machine.wakeAfter(current, wakeNs);
    }
    return Yield.SWITCH;
  }

  /**
   * Makes the remaining calls of an allocation step; true when the task must block first (it
   * has left the CPU, or leaves it once its zone lock sections have run).
   */
  private boolean continueAlloc(Runner r, ExecContext ctx) {
    Step.Alloc a = r.alloc;
    Task current = cpu.current;
    while (r.allocLeft > 0) {
      Caller caller = cpu.caller(ctx);
      mightSleep.check(a.gfpMask(), caller);
      long o = machine.port.allocatePacked(caller, a.order(), a.gfpMask());
      if (PackedOutcome.mustBlock(o) && ctx == ExecContext.TASK && !caller.atomic()) {
        return leaveAfterZoneLocks(r, TaskState.BLOCKED, PackedOutcome.blockNs(o)) != null;
      }
      if (PackedOutcome.succeeded(o)) {
        long pfn = o;
        if (a.lru() != null) {
          machine.port.lruAdd(pfn, a.order(), a.lru());
        } else if (a.holdNs() == Step.Alloc.KEEP) {
          r.kept.add(pfn, a.order());
        } else {
          machine.freeAfter(pfn, a.order(), a.holdNs());
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

  /**
   * {@code spin_lock_irqsave(&zone->lock)} for the CPU's oldest pending section: a segment of the
   * spin (traced {@code zone_lock_spin} when there is one) and the hold, with IRQs off.
   */
  private void enterZoneLock(Runner r, ExecContext ctx) {
    ZoneLocks.Entry e = zoneLocks.enter(cpu.id, machine.sim.nowNs());
    if (e.waitNs() > 0) {
      cpu.record("zone_lock_spin", ctx).put("zone", e.zone().linuxName())
          .put("holder_cpu", e.holderCpu()).put("wait_ns", e.waitNs()).put("hold_ns", e.holdNs())
          .end();
    }
    r.remainingNs = e.waitNs() + e.holdNs();
    if (r.remainingNs > 0) {
      r.segmentHoldsZoneLock = true;
      cpu.zoneLockHolder = r;
    }
  }

  /** {@code spin_unlock_irqrestore()}: IRQs are on again, so a line that waited is taken now. */
  private void releaseZoneLock(Runner r) {
    Verify.verify(cpu.zoneLockHolder == r,
        "CPU %s: zone lock released by a runner that does not hold it", cpu.id);
    cpu.zoneLockHolder = null;
    r.segmentHoldsZoneLock = false;
    cpu.requestDelivery();
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
