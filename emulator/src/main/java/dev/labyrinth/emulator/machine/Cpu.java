package dev.labyrinth.emulator.machine;

import dev.labyrinth.emulator.mm.ExecContext;

import com.google.common.base.Verify;
import com.google.common.collect.ImmutableList;
import dev.labyrinth.emulator.mm.Gfp;
import dev.labyrinth.emulator.sim.Band;
import dev.labyrinth.emulator.sim.Simulation;
import dev.labyrinth.emulator.sim.Tracer;
import java.util.ArrayDeque;
import java.util.Locale;

/**
 * One emulated CPU: a current task, at most one softirq invocation above it and at most one
 * hardirq handler above that, run as a stack of frames of which only the top one advances.
 *
 * <p>Mirrors: hardirq entry adds {@code HARDIRQ_OFFSET} to {@code preempt_count} and runs the
 * handler with IRQs off, so handlers never nest; {@code irq_exit()} runs pending softirqs when not
 * already in softirq ({@code invoke_softirq()}), with IRQs on so hardirqs preempt them;
 * {@code __do_softirq()} serves vectors lowest first, restarts while time (2 ms) and restarts (10)
 * remain and nothing needs the CPU, and otherwise wakes {@code ksoftirqd/N}. The scheduler is
 * per-CPU round-robin with a fixed slice (simplification of EEVDF: no vruntime, no wakeup
 * preemption, no load balancing); a task holding the pcp lock or with IRQs off is not preempted.
 *
 * <p>Same-instant order: interrupt delivery ({@link Band#IRQ_DELIVERY}) runs before a segment end
 * of the same nanosecond ({@link Band#CPU}, or {@link Band#DEFERRED} for softirq work), so an
 * interrupt that arrives exactly as an allocation's critical section ends still finds the lock
 * held: the lock is released by the segment end, which has not run yet.
 */
public final class Cpu {
  /** {@code HARDIRQ_OFFSET} and {@code SOFTIRQ_OFFSET} of include/linux/preempt.h. */
  static final int HARDIRQ_OFFSET = 1 << 16;
  static final int SOFTIRQ_OFFSET = 1 << 8;

  private static final int IDLE = 0;
  private static final int TASK = 1;
  private static final int SOFTIRQ = 2;
  private static final int HARDIRQ = 3;

  /** How far one dispatch may loop without yielding; a bound against model bugs. */
  private static final int DISPATCH_STEPS_MAX = 1_000_000;

  private enum Yield { SEGMENT, DONE, SWITCH }

  final int id;
  private final Machine machine;
  private final Simulation sim;
  private final Tracer tracer;
  final Task idle;
  Task current;
  final ArrayDeque<Task> runQueue = new ArrayDeque<>();

  private IrqLine servingLine;
  private Runner hardirqRunner;
  private SoftirqFrame softirq;
  int softirqPending;
  @SuppressWarnings("unchecked")
  private final ArrayDeque<Runner>[] workByVec = new ArrayDeque[Softirq.values().length];

  private boolean needResched;
  private boolean deliveryRequested;
  private boolean reschedRequested;
  private long sliceEventId;
  private long sliceToken;
  private long segmentToken;
  private Runner pcpHolder;

  private final long[] timeNs = new long[4];
  private long accountedUntilNs;

  Cpu(int id, Machine machine) {
    this.id = id;
    this.machine = machine;
    this.sim = machine.sim;
    this.tracer = machine.tracer;
    this.idle = new Task("swapper/" + id, 0, id, ImmutableList.of(), true, false);
    this.idle.state = TaskState.RUNNING;
    this.current = idle;
    for (int v = 0; v < workByVec.length; v++) {
      workByVec[v] = new ArrayDeque<>();
    }
  }

  // ---- observers ----

  public int id() {
    return id;
  }

  public Task currentTask() {
    return current;
  }

  /** The context the topmost frame runs in. */
  public ExecContext context() {
    return servingLine != null ? ExecContext.HARDIRQ
        : softirq != null ? ExecContext.SOFTIRQ : ExecContext.TASK;
  }

  /** {@code irqs_disabled()}: in a handler, or the current task turned IRQs off. */
  public boolean irqsDisabled() {
    return servingLine != null || current.irqsOff;
  }

  /** {@code preempt_count()}: hardirq and softirq offsets plus preemption disabled by a lock. */
  public int preemptCount() {
    return (servingLine != null ? HARDIRQ_OFFSET : 0) + (softirq != null ? SOFTIRQ_OFFSET : 0)
        + current.preemptDisabled;
  }

  /** The line whose handler runs here, or null. */
  public IrqLine servingLine() {
    return servingLine;
  }

  /** Whether this CPU's per-CPU page list lock is held now. */
  public boolean pcpLockHeld() {
    return pcpHolder != null;
  }

  public int runQueueLength() {
    return runQueue.size();
  }

  /** Time spent idle, in tasks, in softirqs and in hardirq handlers, accounted up to now. */
  public long idleNs() {
    account(sim.nowNs());
    return timeNs[IDLE];
  }

  public long taskNs() {
    account(sim.nowNs());
    return timeNs[TASK];
  }

  public long softirqNs() {
    account(sim.nowNs());
    return timeNs[SOFTIRQ];
  }

  public long hardirqNs() {
    account(sim.nowNs());
    return timeNs[HARDIRQ];
  }

  /** Interrupt load for least-loaded delivery: 1 in a handler, 1 in softirq. */
  int interruptLoad() {
    return (servingLine != null ? 1 : 0) + (softirq != null ? 1 : 0);
  }

  // ---- interrupt delivery ----

  /** The controller has a line for this CPU: look at it in the IRQ_DELIVERY band of now. */
  void requestDelivery() {
    if (!deliveryRequested) {
      deliveryRequested = true;
      sim.schedule(sim.nowNs(), Band.IRQ_DELIVERY, this::onDelivery, 0);
    }
  }

  private void onDelivery(long nowNs, long unused) {
    deliveryRequested = false;
    if (irqsDisabled()) {
      return; // retried at the handler's exit or when the task turns IRQs on again
    }
    IrqLine line = machine.controller.nextFor(id);
    if (line == null) {
      return;
    }
    account(nowNs);
    pauseTop(nowNs);
    long raisedAtNs = machine.controller.startService(line, id);
    servingLine = line;
    hardirqRunner = new Runner(line.handler, line.kept, line.softirqWork);
    record("irq_handler_entry").put("irq", line.irq).put("name", line.name)
        .put("latency_ns", nowNs - raisedAtNs).end();
    dispatch();
  }

  private void exitHardirq() {
    long nowNs = sim.nowNs();
    account(nowNs);
    IrqLine line = servingLine;
    boolean handled = line.unhandledEvery == 0 || line.delivered % line.unhandledEvery != 0;
    if (!handled) {
      line.unhandled++;
    }
    record("irq_handler_exit").put("irq", line.irq).put("ret", handled ? "handled" : "unhandled")
        .end();
    servingLine = null;
    hardirqRunner = null;
    machine.controller.endOfInterrupt(line);
    // irq_exit() -> invoke_softirq(): only when not interrupting a softirq already.
    if (softirq == null && softirqPending != 0) {
      startSoftirq(false);
    }
    requestDelivery(); // IRQs are on again; a line that waited is taken now
  }

  // ---- softirqs ----

  /** {@code raise_softirq()}: mark {@code vec} pending and queue {@code work} for it. */
  void raiseSoftirq(Softirq vec, Runner work, ExecContext ctx) {
    softirqPending |= 1 << vec.vec();
    if (work != null) {
      workByVec[vec.vec()].addLast(work);
    }
    record("softirq_raise", ctx).put("vec", vec.vec()).put("action", vec.name()).end();
    if (servingLine == null && softirq == null) {
      wakeKsoftirqd(); // raise_softirq() outside interrupt context wakes ksoftirqd
    }
  }

  private void startSoftirq(boolean inKsoftirqd) {
    account(sim.nowNs());
    softirq = new SoftirqFrame(sim.nowNs(), softirqPending, inKsoftirqd);
    softirqPending = 0;
  }

  private void endSoftirq() {
    account(sim.nowNs());
    softirq = null;
  }

  /** Advances the softirq frame; true when it waits for a segment to end. */
  private boolean softirqStep() {
    SoftirqFrame f = softirq;
    while (true) {
      if (f.runner != null) {
        Yield y = advance(f.runner, ExecContext.SOFTIRQ);
        if (y == Yield.SEGMENT) {
          return true;
        }
        f.runner = null;
      }
      if (f.vec >= 0 && !f.work.isEmpty()) {
        f.runner = f.work.pollFirst();
        continue;
      }
      if (f.vec >= 0) {
        record("softirq_exit").put("vec", f.vec).put("action", Softirq.ofVec(f.vec).name()).end();
        f.mask &= ~(1 << f.vec);
        f.vec = -1;
      }
      if (f.mask != 0) {
        f.vec = Integer.numberOfTrailingZeros(f.mask);
        record("softirq_entry").put("vec", f.vec).put("action", Softirq.ofVec(f.vec).name()).end();
        f.work.addAll(workByVec[f.vec]);
        workByVec[f.vec].clear();
        continue;
      }
      if (softirqPending == 0) {
        return false;
      }
      if (sim.nowNs() < f.deadlineNs && !needResched && --f.restartsLeft > 0) {
        f.mask = softirqPending;
        softirqPending = 0;
        continue;
      }
      wakeKsoftirqd();
      return false;
    }
  }

  private void wakeKsoftirqd() {
    Task k = machine.ksoftirqd(id);
    if (k.state == TaskState.SLEEPING) {
      machine.wake(k, this);
    }
  }

  // ---- the frame stack ----

  private Runner topRunner() {
    if (servingLine != null) {
      return hardirqRunner;
    }
    if (softirq != null) {
      return softirq.runner;
    }
    return current.idle ? null : current.runner;
  }

  private void pauseTop(long nowNs) {
    Runner r = topRunner();
    if (r != null && r.segmentScheduled()) {
      sim.cancel(r.segmentEventId);
      r.segmentEventId = 0;
      r.remainingNs = r.segmentEndNs - nowNs;
    }
  }

  private boolean preemptible() {
    return servingLine == null && softirq == null && current.preemptDisabled == 0
        && !current.irqsOff;
  }

  /** Runs the top frame until it needs CPU time, finishing and popping frames as they end. */
  void dispatch() {
    for (int steps = 0; ; steps++) {
      Verify.verify(steps < DISPATCH_STEPS_MAX, "CPU %s dispatch does not settle", id);
      if (servingLine != null) {
        if (advance(hardirqRunner, ExecContext.HARDIRQ) == Yield.SEGMENT) {
          return;
        }
        exitHardirq();
        continue;
      }
      if (softirq != null) {
        if (softirqStep()) {
          return;
        }
        endSoftirq();
        continue;
      }
      if (needResched && preemptible()) {
        schedule();
        continue;
      }
      if (current.idle) {
        return;
      }
      if (current.ksoftirqd) {
        if (softirqPending != 0) {
          startSoftirq(true);
        } else {
          current.state = TaskState.SLEEPING;
          schedule();
        }
        continue;
      }
      Yield y = advance(current.runner, ExecContext.TASK);
      if (y == Yield.SEGMENT) {
        return;
      }
      if (y == Yield.DONE) {
        exitTask();
      }
      schedule();
    }
  }

  private void exitTask() {
    Caller caller = caller(ExecContext.TASK);
    for (long[] b = current.kept.pollOldest(); b != null; b = current.kept.pollOldest()) {
      machine.port.free(caller, b[0], (int) b[1]);
    }
    if (machine.processes != null) {
      machine.processes.taskExited(this, current);
    }
    current.state = TaskState.DEAD;
  }

  /**
   * Runs {@code r}'s zero-time steps until it needs CPU time ({@link Yield#SEGMENT}, the segment
   * end is scheduled), ends ({@link Yield#DONE}) or, as a task, sleeps ({@link Yield#SWITCH}).
   */
  private Yield advance(Runner r, ExecContext ctx) {
    if (r.segmentScheduled()) {
      return Yield.SEGMENT;
    }
    while (true) {
      if (r.remainingNs > 0) {
        scheduleSegment(r, ctx);
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
        Caller caller = caller(ctx);
        int n = f.count() == Step.Free.ALL ? r.kept.size() : Math.min(f.count(), r.kept.size());
        for (int i = 0; i < n; i++) {
          long[] b = r.kept.pollOldest();
          machine.port.free(caller, b[0], (int) b[1]);
        }
      } else if (s instanceof Step.RaiseSoftirq rs) {
        Runner work = r.softirqWork == null || r.softirqWork.isEmpty() ? null
            : new Runner(r.softirqWork, r.kept, null);
        raiseSoftirq(rs.vec(), work, ctx);
      } else if (s instanceof Step.Wake w) {
        machine.wake(machine.task(w.task()), this);
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
          requestDelivery();
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
    Processes.Effect e = machine.processes().run(this, current, p.op());
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
    while (r.allocLeft > 0) {
      Caller caller = caller(ctx);
      mightSleep(a.gfpMask(), caller);
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
    if (r.remainingNs > 0 && pcpHolder == null) {
      pcpHolder = r;
      r.segmentHoldsPcpLock = true;
      if (ctx == ExecContext.TASK) {
        current.preemptDisabled++;
      }
    }
    return false;
  }

  private void releasePcp(Runner r) {
    Verify.verify(pcpHolder == r, "CPU %s: pcp lock released by a runner that does not hold it",
        id);
    pcpHolder = null;
    r.segmentHoldsPcpLock = false;
    if (r == current.runner) {
      current.preemptDisabled--;
    }
  }

  /**
   * {@code might_alloc()} -> {@code __might_sleep()}: a mask that allows direct reclaim, used
   * where sleeping is invalid, prints Linux's BUG line; the run goes on, as the warning does.
   */
  private void mightSleep(int gfpMask, Caller caller) {
    if (!Gfp.allowsBlocking(gfpMask)) {
      return;
    }
    int preemptCount = preemptCount();
    boolean irqsOff = irqsDisabled();
    if (preemptCount == 0 && !irqsOff) {
      return;
    }
    machine.mightSleepCount++;
    record("might_sleep", caller.ctx())
        .put("message", "BUG: sleeping function called from invalid context at "
            + "include/linux/sched/mm.h")
        .put("in_atomic", preemptCount != 0 ? 1 : 0)
        .put("irqs_disabled", irqsOff ? 1 : 0)
        .put("non_block", 0)
        .put("preempt_count", Integer.toHexString(preemptCount))
        .put("gfp_flags", Gfp.formatForTrace(gfpMask))
        .end();
  }

  private void scheduleSegment(Runner r, ExecContext ctx) {
    r.segmentEndNs = Math.addExact(sim.nowNs(), r.remainingNs);
    Band band = ctx == ExecContext.SOFTIRQ ? Band.DEFERRED : Band.CPU;
    r.segmentEventId = sim.schedule(r.segmentEndNs, band, this::onSegmentEnd, ++segmentToken);
  }

  private void onSegmentEnd(long nowNs, long token) {
    Verify.verify(token == segmentToken, "CPU %s: stale segment end %s", id, token);
    Runner r = topRunner();
    Verify.verify(r != null && r.segmentScheduled() && r.segmentEndNs == nowNs,
        "CPU %s: segment end for a runner that is not on top", id);
    r.segmentEventId = 0;
    r.remainingNs = 0;
    dispatch();
  }

  // ---- scheduling ----

  Caller caller(ExecContext ctx) {
    return new Caller(id, ctx, current.comm, current.pid, irqsDisabled(), pcpHolder != null);
  }

  /** A task became runnable here: an idle CPU picks it up at once. */
  void requestResched() {
    if (current.idle && !reschedRequested) {
      reschedRequested = true;
      sim.schedule(sim.nowNs(), Band.CPU, this::onResched, 0);
    }
  }

  private void onResched(long nowNs, long unused) {
    reschedRequested = false;
    if (current.idle && !runQueue.isEmpty()) {
      needResched = true;
      if (servingLine == null && softirq == null) {
        dispatch();
      }
    }
  }

  /** {@code __schedule()}: the current task leaves (preempted, sleeping, dead), the next runs. */
  private void schedule() {
    long nowNs = sim.nowNs();
    account(nowNs);
    needResched = false;
    if (sliceEventId != 0) {
      sim.cancel(sliceEventId);
      sliceEventId = 0;
    }
    Task prev = current;
    boolean preempted = prev.state == TaskState.RUNNING && !prev.idle;
    if (preempted) {
      prev.state = TaskState.RUNNABLE;
      runQueue.addLast(prev);
    }
    Task next = runQueue.pollFirst();
    if (next == null) {
      next = idle;
    }
    if (next == prev) {
      prev.state = TaskState.RUNNING;
      armSlice();
      return;
    }
    pauseTop(nowNs);
    record("sched_switch")
        .put("prev_comm", prev.comm).put("prev_pid", prev.pid).put("prev_prio", prev.prio)
        .put("prev_state", preempted ? "R+" : prev.idle ? "R" : prev.state.letter())
        .put("next_comm", next.comm).put("next_pid", next.pid).put("next_prio", next.prio)
        .end();
    current = next;
    next.state = TaskState.RUNNING;
    armSlice();
  }

  private void armSlice() {
    if (!current.idle) {
      sliceEventId = sim.scheduleAfter(machine.sliceNs, Band.CPU, this::onSliceEnd, ++sliceToken);
    }
  }

  private void onSliceEnd(long nowNs, long token) {
    Verify.verify(token == sliceToken, "CPU %s: stale slice end", id);
    sliceEventId = 0;
    if (runQueue.isEmpty()) {
      armSlice();
      return;
    }
    needResched = true;
    if (preemptible()) {
      dispatch();
    }
  }

  // ---- accounting and tracing ----

  private void account(long nowNs) {
    long deltaNs = nowNs - accountedUntilNs;
    if (deltaNs <= 0) {
      return;
    }
    int kind = servingLine != null ? HARDIRQ : softirq != null ? SOFTIRQ
        : current.idle ? IDLE : TASK;
    timeNs[kind] += deltaNs;
    if (kind == TASK) {
      current.runtimeNs += deltaNs;
    }
    accountedUntilNs = nowNs;
  }

  private Tracer.Record record(String event) {
    return record(event, context());
  }

  private Tracer.Record record(String event, ExecContext ctx) {
    return tracer.begin(event, sim.nowNs()).put("cpu", id).put("ctx", ctx.traceName())
        .put("comm", current.comm).put("pid", current.pid);
  }

  /** Verifies the frame stack, preempt state, lock and run queue of this CPU. */
  public void checkInvariants() {
    Verify.verify((servingLine == null) == (hardirqRunner == null), "CPU %s hardirq frame", id);
    Verify.verify(current.state == TaskState.RUNNING, "CPU %s current %s is %s", id, current.comm,
        current.state);
    Verify.verify(current.idle || current.cpu == id, "CPU %s runs %s of CPU %s", id, current.comm,
        current.cpu);
    Verify.verify(!current.irqsOff || servingLine == null, "CPU %s took an IRQ with IRQs off", id);
    Runner top = topRunner();
    Verify.verify(current.runner == top || !current.runner.segmentScheduled(),
        "CPU %s: a task segment runs under an interrupt frame", id);
    Verify.verify(softirq == null || softirq.runner == top || softirq.runner == null
        || !softirq.runner.segmentScheduled(), "CPU %s: softirq segment under a hardirq", id);
    Verify.verify(pcpHolder == null || pcpHolder.segmentHoldsPcpLock, "CPU %s pcp holder", id);
    Verify.verify(current.preemptDisabled == (pcpHolder == current.runner ? 1 : 0),
        "CPU %s: %s has preemption disabled %s times", id, current.comm, current.preemptDisabled);
    for (Task t : runQueue) {
      Verify.verify(t.state == TaskState.RUNNABLE && t.cpu == id && t != current && !t.idle,
          "CPU %s run queue holds %s in state %s", id, t.comm, t.state);
    }
    Verify.verify(accountedUntilNs <= sim.nowNs(), "CPU %s accounted ahead of time", id);
    Verify.verify(timeNs[IDLE] + timeNs[TASK] + timeNs[SOFTIRQ] + timeNs[HARDIRQ]
        == accountedUntilNs, "CPU %s time accounting does not add up", id);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "cpu%d[%s %s pc=%x]", id, current.comm, context(),
        preemptCount());
  }
}
